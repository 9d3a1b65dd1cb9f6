/**
 * The floor extension's page: plain text, appended once per animation frame (as bench/plainTextPanel.ts does: a blank
 * line starts a new paragraph, so a frame lays out one paragraph, not the whole answer) with the bottom kept in view.
 * Marked up as the recorder reads the panel: [data-role=answer] inside [data-turn-id]. A turn's data-state turns from
 * 'streaming' to 'done' in the frame that shows its last text, which is what the benchmark waits for.
 */
import { parseFloorMessage } from './messages';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };

const list = document.createElement('main');
list.className = 'turns';
list.setAttribute('data-role', 'turns');
// Shown until the first turn, so the benchmark can see the page has loaded.
const empty = document.createElement('p');
empty.setAttribute('data-role', 'empty');
empty.textContent = 'Waiting for an answer.';
list.append(empty);
document.body.append(list);

let turn: HTMLElement | null = null;
let answer: HTMLElement | null = null;
let text: Text | null = null;
let pending = '';
let ended = false;
let frameQueued = false;

function paragraph(): void {
  const p = document.createElement('p');
  p.style.whiteSpace = 'pre-wrap';
  text = document.createTextNode('');
  p.append(text);
  answer!.append(p);
}

function render(): void {
  frameQueued = false;
  if (!turn || !text) return;
  const parts = pending.split('\n\n');
  pending = '';
  parts.forEach((part, i) => {
    if (i > 0) paragraph();
    if (part) text!.appendData(part);
  });
  if (ended) turn.setAttribute('data-state', 'done');
}

function frame(): void {
  if (frameQueued) return;
  frameQueued = true;
  requestAnimationFrame(render);
}

// A new turn replaces the last one, as the panel's New Chat does before each of the benchmark's questions.
function startTurn(turnId: string): void {
  turn = document.createElement('section');
  turn.className = 'turn';
  turn.setAttribute('data-turn-id', turnId);
  turn.setAttribute('data-state', 'streaming');
  answer = document.createElement('div');
  answer.className = 'answer';
  answer.setAttribute('data-role', 'answer');
  turn.append(answer);
  list.replaceChildren(turn);
  pending = '';
  ended = false;
  paragraph();
}

window.addEventListener('message', (e: MessageEvent) => {
  const m = parseFloorMessage(e.data);
  if (!m) return;
  if (m.type === 'turn-start') return startTurn(m.turnId);
  if (turn?.getAttribute('data-turn-id') !== m.turnId) return;
  if (m.type === 'delta') pending += m.text;
  else ended = true;
  frame();
});

new ResizeObserver(() => {
  const s = document.scrollingElement!;
  s.scrollTop = s.scrollHeight;
}).observe(list);

acquireVsCodeApi().postMessage({ type: 'ready' });
