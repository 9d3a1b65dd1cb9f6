/**
 * The panel's own keys (everything else is reached with Tab, in document order):
 * - Escape stops the answer that is streaming (nothing else, so Escape still closes VS Code's widgets otherwise);
 * - Alt+Up / Alt+Down move the focus between answers (to each "Answer from MODEL" heading, which a screen reader
 *   reads on focus); Alt+Down past the last answer goes to the question box, Alt+Up from the question box to the last
 *   answer.
 * The focus is only ever moved by these keys and by the Focus Question Box command: never while the user types.
 */
export interface KeyboardTargets {
  input: HTMLElement;
  /** The answers' headings, in order. */
  headings(): HTMLElement[];
  /** Stops the streaming answer, if there is one; true when something was stopped. */
  stop(): boolean;
}

const only = (e: KeyboardEvent, alt: boolean) => e.altKey === alt && !e.ctrlKey && !e.metaKey && !e.shiftKey;

export function installKeyboard(doc: Document, t: KeyboardTargets): void {
  doc.addEventListener('keydown', (e) => {
    if (e.isComposing) return;
    if (e.key === 'Escape' && only(e, false)) {
      if (t.stop()) e.preventDefault();
      return;
    }
    if ((e.key === 'ArrowUp' || e.key === 'ArrowDown') && only(e, true)) {
      e.preventDefault();
      moveBetweenAnswers(doc, t, e.key === 'ArrowUp' ? -1 : 1);
    }
  });
}

function moveBetweenAnswers(doc: Document, t: KeyboardTargets, step: -1 | 1): void {
  const headings = t.headings();
  if (!headings.length) return;
  const active = doc.activeElement;
  const turn = active?.closest('.turn');
  // Where the focus is now, as a position among the answers: in a turn, that turn's; elsewhere, after the last.
  let at = headings.length;
  if (turn) at = headings.findIndex((h) => turn.contains(h));
  else if (active && active !== t.input && active !== doc.body) {
    // Focus before the turns (the toolbar): Alt+Down goes to the first answer.
    const before = headings[0].compareDocumentPosition(active) & Node.DOCUMENT_POSITION_PRECEDING;
    if (before) at = -1;
  }
  const next = Math.max(0, at + step);
  if (next >= headings.length) t.input.focus();
  else headings[next].focus();
}
