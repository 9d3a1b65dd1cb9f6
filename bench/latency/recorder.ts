/**
 * What the benchmark injects into every frame of the browser (as a Playwright init script, so the webview's CSP,
 * which forbids eval, does not apply to it; nothing of it ships in the extension). In a frame that shows an answer
 * it notes, after each frame's rendering steps, how many letters and digits the newest answer shows, and reports
 * every change with the time: epoch ms on the high-resolution clock, as the provider server stamps its writes.
 *
 * "After the frame": a requestAnimationFrame loop posts a task from each frame's callbacks; that task runs once the
 * frame's rendering steps (the panel's own render callback, style, layout, paint) are done, so what it reads is what
 * that frame shows. Only letters and digits are counted: markdown's syntax (#, -, *, `) never shows as text, so the
 * count is comparable with the answer's source text token by token.
 *
 * The recorder shares the renderer's main thread with what it measures (in code-server, the whole workbench), so it
 * costs that thread as little as it can: the loop runs only while something happens (a message arrived or the page
 * changed in the last 10 frames; it never makes the browser draw frames nobody asked for), the answer is only re-read
 * in a frame after the page changed, and records, stamped when they happen, reach the benchmark in batches every
 * 250 ms (each call into the benchmark is a DevTools round trip on that thread). `__latencyFlush()` in each frame delivers
 * the rest at the end of a run (FLUSH).
 */

export const BINDING = '__latencyVisible';
/** Evaluated in each frame at the end of a run: delivers the records not yet sent. */
export const FLUSH = 'window.__latencyFlush && window.__latencyFlush()';

export interface VisibleRecord {
  /**
   * 'shown': the answer showed `len` letters and digits after the frame whose callbacks started at `frameAt` (`at`:
   * when the post-frame task ran). 'arrived': a `delta` message reached the frame, bringing its turn's text to `len`
   * (the panel's turn id; the floor page's arrivals are not split by turn). 'socket': the workbench (the top frame)
   * received a WebSocket frame from the extension host carrying a `delta` for turn `id`, bringing its text to `len`:
   * the point between VS Code's remote connection and its relay of the message into the webview's frames. 'frame':
   * any WebSocket frame of the workbench, `len` its size in bytes (negative: sent by the workbench); for --dump only.
   */
  kind: 'shown' | 'arrived' | 'socket' | 'frame';
  /** The answer's turn id (the panel), or an id the recorder gave it (the plain-text floor page). */
  id: string;
  len: number;
  /** Epoch ms. */
  at: number;
  frameAt?: number;
}

/** `split`: also stamp the workbench's WebSocket frames (costs the browser's main thread a few per cent: opt-in). */
export const recorderScript = (split: boolean) => `(() => {
  if (window.__latencyRecorder) return;
  window.__latencyRecorder = true;
  const now = () => performance.timeOrigin + performance.now();
  let serial = 0;
  let lastId = null;
  let lastLen = -1;
  let frameAt = 0;
  let queued = [];
  let flushTimer = 0;
  const arrived = new Map();
  const report = (record) => {
    queued.push(record);
    if (!flushTimer) flushTimer = setTimeout(flush, 250);
  };
  // Frames since anything happened (a message arrived, the page changed); the loop stops at IDLE_FRAMES.
  const IDLE_FRAMES = 10;
  let idle = IDLE_FRAMES;
  let looping = false;
  let dirty = true;
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    if (!dirty) return;
    dirty = false;
    const answers = document.querySelectorAll('[data-role=answer]');
    const answer = answers[answers.length - 1];
    if (!answer) return;
    const turn = answer.closest('[data-turn-id]');
    if (!turn && !answer.dataset.benchId) answer.dataset.benchId = 'floor-' + (++serial);
    const id = turn ? turn.getAttribute('data-turn-id') : answer.dataset.benchId;
    const len = (answer.textContent || '').replace(/[^A-Za-z0-9]/g, '').length;
    if (id !== lastId || len !== lastLen) {
      lastId = id;
      lastLen = len;
      report({ kind: 'shown', id, len, at: now(), frameAt });
    }
  };
  const flush = () => {
    clearTimeout(flushTimer);
    flushTimer = 0;
    if (!queued.length || typeof window.${BINDING} !== 'function') return;
    window.${BINDING}(JSON.stringify(queued));
    queued = [];
  };
  window.__latencyFlush = flush;
  // Arrivals are noted in the capture phase of the window's message event, before the page's own listener runs.
  const onMessage = (e) => {
    const m = e.data;
    if (!m || m.type !== 'delta' || typeof m.text !== 'string') return;
    const id = String(m.turnId);
    const len = (arrived.get(id) || 0) + m.text.replace(/[^A-Za-z0-9]/g, '').length;
    arrived.set(id, len);
    report({ kind: 'arrived', id, len, at: now() });
    wake();
  };
  // The workbench's WebSocket frames: VS Code's RPC messages carry a webview's message as a JSON string argument, so
  // a delta shows in the frame's bytes as the string literal "{\\"type\\":\\"delta\\", …}". Listening is added when the
  // socket is made, before VS Code sets its own onmessage, so this runs first.
  const MARK = '"{\\\\"type\\\\":\\\\"delta\\\\"';
  const decoder = new TextDecoder();
  const literalAt = (s, start) => {
    for (let i = start + 1; i < s.length; i++) {
      if (s[i] === '\\\\') i++;
      else if (s[i] === '"') return s.slice(start, i + 1);
    }
    return undefined;
  };
  // code-server's workbench gets its frames as Blobs (and reads them one at a time through a FileReader before VS Code
  // sees them): stamp the frame when it arrives, read its bytes on the side, and count in arrival order.
  let socketSerial = 0;
  let socketNext = 0;
  const socketDone = new Map();
  const onSocketFrame = (e) => {
    const at = now();
    const data = e.data;
    const size = data && (data.byteLength ?? data.size);
    report({ kind: 'frame', id: 'ws', len: size || 0, at });
    if (!size || size > 65536) return;
    const serial = socketSerial++;
    const bytes = data instanceof ArrayBuffer ? Promise.resolve(data) : data.arrayBuffer();
    bytes.then((buf) => decoder.decode(buf), () => '').then((s) => {
      socketDone.set(serial, { s, at });
      while (socketDone.has(socketNext)) {
        const frame = socketDone.get(socketNext);
        socketDone.delete(socketNext++);
        countDeltas(frame.s, frame.at);
      }
    });
  };
  const countDeltas = (s, at) => {
    for (let i = s.indexOf(MARK); i >= 0; i = s.indexOf(MARK, i + 1)) {
      const literal = literalAt(s, i);
      if (!literal) continue;
      let m;
      try { m = JSON.parse(JSON.parse(literal)); } catch { continue; }
      if (!m || typeof m.text !== 'string') continue;
      const id = String(m.turnId);
      const len = (socketLen.get(id) || 0) + m.text.replace(/[^A-Za-z0-9]/g, '').length;
      socketLen.set(id, len);
      report({ kind: 'socket', id, len, at });
    }
  };
  const socketLen = new Map();
  if (${split} && window === window.top && typeof WebSocket === 'function') {
    const Native = WebSocket;
    const Hooked = function (...args) {
      const ws = new Native(...args);
      ws.addEventListener('message', onSocketFrame);
      const send = ws.send;
      ws.send = function (data) {
        report({ kind: 'frame', id: 'ws', len: -(data.byteLength ?? data.size ?? data.length ?? 0), at: now() });
        return send.call(this, data);
      };
      return ws;
    };
    Hooked.prototype = Native.prototype;
    Object.assign(Hooked, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
    window.WebSocket = Hooked;
  }
  const tick = () => {
    if (++idle > IDLE_FRAMES) return void (looping = false);
    frameAt = now();
    channel.port2.postMessage(0);
    requestAnimationFrame(tick);
  };
  const wake = () => {
    idle = 0;
    if (looping) return;
    looping = true;
    requestAnimationFrame(tick);
  };
  // Only frames that show answers run the loop: the panel's, the floor page's. (The webview writes its document after
  // the frame loads, so look again until it appears.)
  const start = () => {
    if (!document.querySelector('[data-role=turns], [data-role=answer], [data-bench=floor]')) return void setTimeout(start, 100);
    window.addEventListener('message', onMessage, true);
    new MutationObserver(() => {
      dirty = true;
      wake();
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
    wake();
  };
  start();
})();`;
