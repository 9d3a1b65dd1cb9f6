/**
 * What the benchmark's comparison pages (baselinePanel.ts, plainTextPanel.ts) share: the answer's place in the page,
 * with the panel's classes so the panel's stylesheet applies, and the 'ready' the panel says on load.
 */

/** Replaces the page with one turn and returns its (empty) answer element, [data-role=answer]. */
export function mountAnswer(): HTMLElement {
  const answer = document.createElement('div');
  answer.className = 'answer';
  answer.setAttribute('data-role', 'answer');
  const turn = document.createElement('section');
  turn.className = 'turn';
  turn.append(answer);
  const list = document.createElement('main');
  list.className = 'turns';
  list.append(turn);
  document.body.replaceChildren(list);
  return answer;
}

export function sayReady(): void {
  (window as unknown as { acquireVsCodeApi?: () => { postMessage(m: unknown): void } }).acquireVsCodeApi?.().postMessage({ type: 'ready' });
}
