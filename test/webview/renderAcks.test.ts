import * as assert from 'node:assert/strict';
import { panelPerTest, type PanelPage } from './harness';
import { start } from './fixtures';

/**
 * Flow control, the panel's half: numbered deltas are acknowledged after the frame that draws them. The script counts
 * animation frames and notes, for each ack the panel posts, the frame it came in and the answer's text at that moment.
 */
const RUN = `(async (batches) => {
  let frameNo = 0;
  let counting = true;
  const count = () => { frameNo++; if (counting) window.__rawRaf(count); };
  window.__rawRaf(count);
  const acks = [];
  const push = window.__sent.push.bind(window.__sent);
  window.__sent.push = (m) => {
    if (m.type === 'rendered') acks.push({ seq: m.seq, frame: frameNo, text: document.querySelector('[data-turn-id="t1"] [data-role=answer]')?.textContent ?? '' });
    return push(m);
  };
  for (const batch of batches) {
    for (const m of batch) window.postMessage(m, '*');
    await window.__yield();
    await window.__frame();
  }
  counting = false;
  window.__sent.push = push;
  return acks;
})`;

const numbered = (from: number, n: number, kind: 'delta' | 'thinking' = 'delta') =>
  Array.from({ length: n }, (_, i) => ({ type: kind, turnId: 't1', text: ` w${from + i}x`, seq: from + i }));

describe('flow control: the panel acks what it has drawn, once per frame at most', () => {
  let panel: PanelPage;
  panelPerTest((p) => (panel = p));

  it('numbered deltas are acked after a frame has put their text on screen, never two acks in one frame, never a message per token', async () => {
    await panel.send(start('t1'));
    const batches = [numbered(1, 30), numbered(31, 1), numbered(32, 20)];
    const acks = await panel.eval<{ seq: number; frame: number; text: string }[]>(`${RUN}(${JSON.stringify(batches)})`);
    assert.ok(acks.length >= 3 && acks.length < 51, `some acks, fewer than messages: ${acks.map((a) => a.seq).join(' ')}`);
    assert.equal(acks.at(-1)?.seq, 51, 'the last message drawn is acked');
    for (const [i, a] of acks.entries()) {
      if (i > 0) {
        assert.ok(a.seq > acks[i - 1].seq, 'each ack covers more than the one before');
        assert.ok(a.frame > acks[i - 1].frame, `two acks in frame ${a.frame}`);
      }
      assert.ok(a.text.includes(`w${a.seq}x`), `ack ${a.seq} came before its text was on screen: ${a.text.slice(-40)}`);
    }
    assert.deepEqual(await panel.eval('window.__sent.filter((m) => m.type === "rendered" && typeof m.seq !== "number")'), []);
  });

  it('numbered thinking is acked too; unnumbered deltas (a host without flow control) and quiet frames post no ack', async () => {
    await panel.send(start('t1'));
    const acks = await panel.eval<{ seq: number }[]>(`${RUN}(${JSON.stringify([
      numbered(1, 3, 'thinking'),
      [{ type: 'delta', turnId: 't1', text: ' plain' }],
      [],
      numbered(4, 1),
    ])})`);
    // The three thinking messages are three tasks: a frame may fall between them and ack 1 or 2 first. What must
    // hold: each ack is new (a quiet frame or an unnumbered delta would repeat 3), and the last two are 3 and 4.
    const seqs = acks.map((a) => a.seq);
    assert.deepEqual(seqs.slice(-2), [3, 4], `acks: ${seqs.join(' ')}`);
    assert.ok(seqs.every((s, i) => i === 0 || s > seqs[i - 1]), `an ack repeated: ${seqs.join(' ')}`);
  });

  it('a numbered message for a turn the page does not show is acked all the same (the host waits for it)', async () => {
    const acks = await panel.eval<{ seq: number }[]>(`${RUN}(${JSON.stringify([[{ type: 'delta', turnId: 'gone', text: 'x', seq: 9 }]])})`);
    assert.deepEqual(acks.map((a) => a.seq), [9]);
  });
});
