/**
 * Streamed text as plain paragraphs, for the benchmarks' floor pages (bench/plainTextPanel.ts, the vscode-floor's
 * page): new text goes onto the last paragraph's text node, and a blank line starts a new paragraph, so a frame lays
 * out one paragraph, not the whole answer. (One text node for the whole answer is no floor: every frame copies and
 * lays out all of it.)
 */
export class PlainTextAppender {
  private text: Text;

  constructor(private readonly answer: HTMLElement) {
    this.text = this.paragraph();
  }

  append(pending: string): void {
    pending.split('\n\n').forEach((part, i) => {
      if (i > 0) this.text = this.paragraph();
      if (part) this.text.appendData(part);
    });
  }

  private paragraph(): Text {
    const p = document.createElement('p');
    p.style.whiteSpace = 'pre-wrap';
    const text = document.createTextNode('');
    p.append(text);
    this.answer.append(p);
    return text;
  }
}
