/**
 * The floor extension's page: plain text, appended once per animation frame (as bench/plainTextPanel.ts does: a blank
 * line starts a new paragraph, so a frame lays out one paragraph, not the whole answer) with the bottom kept in view.
 * Marked up as the recorder reads the panel: [data-role=answer] inside [data-turn-id]. A turn's data-state turns from
 * 'streaming' to 'done' in the frame that shows its last text, which is what the benchmark waits for.
 */
import { PlainTextAppender } from '../../plainTextAppender';
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
let answer: PlainTextAppender | null = null;
let pending = '';
let ended = false;
let frameQueued = false;

function render(): void {
  frameQueued = false;
  if (!turn || !answer) return;
  answer.append(pending);
  pending = '';
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
  const root = document.createElement('div');
  root.className = 'answer';
  root.setAttribute('data-role', 'answer');
  turn.append(root);
  list.replaceChildren(turn);
  answer = new PlainTextAppender(root);
  pending = '';
  ended = false;
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
