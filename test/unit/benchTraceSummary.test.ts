import * as assert from 'node:assert/strict';
import { mainThreadSummary, type TraceEvent } from '../../bench/latency/traceSummary';

// bench:latency --trace: the per-run summary of the renderer's main thread that the README's trace figures come from.
describe('bench:latency trace summary (the renderer main thread of a --trace run)', () => {
  const meta = (pid: number, tid: number, name: string): TraceEvent => ({ name: 'thread_name', cat: '__metadata', ph: 'M', ts: 0, pid, tid, args: { name } });
  const x = (name: string, ts: number, dur: number, tid = 1, extra: Partial<TraceEvent> = {}): TraceEvent => ({ name, cat: 'toplevel', ph: 'X', ts, dur, pid: 7, tid, ...extra });
  const ws = (ts: number): TraceEvent => x('Receive mojo message', ts, 500, 1, { args: { chrome_mojo_event_info: { mojo_interface_tag: 'network.mojom.WebSocketClient' } } });
  const events: TraceEvent[] = [
    meta(7, 1, 'CrRendererMain'), meta(7, 2, 'CrRendererMain'), meta(7, 3, 'Compositor'),
    x('ThreadControllerImpl::RunTask', 500, 100), // before the ask: not counted
    x('ThreadControllerImpl::RunTask', 1_000, 4_000, 1, { tdur: 3_000 }),
    x('FunctionCall', 1_000, 3_000),
    x('Layout', 1_500, 1_000), // inside the call: its time is the layout's, not the call's
    ws(4_200),
    x('ThreadControllerImpl::RunTask', 6_000, 2_000, 1, { tdur: 1_000 }),
    x('Commit', 6_000, 2_000),
    x('Receive mojo message', 7_000, 100, 1, { args: { chrome_mojo_event_info: { mojo_interface_tag: 'blink.mojom.Blob' } } }),
    x('ThreadControllerImpl::RunTask', 2_000, 50_000, 2), // an idle frame's thread with fewer events
    x('ThreadControllerImpl::RunTask', 1_000, 90_000, 3), // not a renderer main thread
  ];

  it('takes the busiest renderer main thread from the ask on, with CPU from the thread clock', () => {
    const s = mainThreadSummary(events, 1_000);
    assert.ok(s);
    assert.equal(s.busyMs, 6);
    assert.equal(s.cpuMs, 4);
    assert.equal(s.spanMs, 7);
    assert.equal(s.webSocketFramesIn, 1, 'only the WebSocket client\'s messages are frames in');
    assert.equal(s.commits, 1);
  });

  it('times the tasks that rendered a frame (a layout inside a call, a commit), not the others', () => {
    const s = mainThreadSummary([...events, x('ThreadControllerImpl::RunTask', 9_000, 7_000, 1), x('FunctionCall', 9_000, 7_000)], 1_000);
    assert.equal(s?.renderTasks.n, 2, 'the script-only task is not one');
    assert.equal(s?.renderTasks.max, 4);
    assert.equal(s?.renderTasks.p50, 2);
  });

  it('gives each event its own time: its duration less the events inside it', () => {
    const s = mainThreadSummary(events, 1_000);
    const self = Object.fromEntries((s?.self ?? []).map((e) => [e.name, e.ms]));
    assert.equal(self.FunctionCall, 2);
    assert.equal(self.Layout, 1);
    assert.equal(self['ThreadControllerImpl::RunTask'], 0.5, 'the first task less its call and the frame it read; the second less its commit');
    assert.equal(self.Commit, 1.9, 'less the mojo message inside it');
  });

  it('has nothing to say of a trace without a renderer main thread', () => {
    assert.equal(mainThreadSummary([meta(7, 3, 'Compositor'), x('ThreadControllerImpl::RunTask', 1_000, 10, 3)], 0), undefined);
  });
});
