/**
 * Splits `<think>…</think>` at the start of a streamed answer off as thinking (Qwen, DeepSeek-R1 and others on Ollama
 * or LM Studio put their reasoning in the content this way). The tags may be cut anywhere across deltas, so a piece
 * that could still be the start of a tag is held back until the next delta decides it. Content that does not open
 * with `<think>` (after optional whitespace) passes through untouched, tags and all.
 */

const OPEN = '<think>';
const CLOSE = '</think>';

export interface SplitPiece {
  kind: 'thinking' | 'text';
  text: string;
}

type State = 'undecided' | 'thinking' | 'after' | 'text';

export class ThinkTagSplitter {
  private state: State = 'undecided';
  private held = '';

  /** The content is decided to be plain text from here on: a delta passes through as it is (no pieces to make). */
  get passthrough(): boolean {
    return this.state === 'text';
  }

  /** The pieces this delta releases, in order (possibly none while a tag is still undecided). */
  push(delta: string): SplitPiece[] {
    const out: SplitPiece[] = [];
    let rest = this.held + delta;
    this.held = '';
    while (rest) {
      switch (this.state) {
        case 'undecided': {
          const lead = rest.length - rest.trimStart().length;
          const body = rest.slice(lead);
          if (body.startsWith(OPEN)) {
            this.state = 'thinking';
            rest = body.slice(OPEN.length);
          } else if (OPEN.startsWith(body)) {
            // Whitespace only, or a prefix of the tag: wait for more.
            this.held = rest;
            return out;
          } else {
            this.state = 'text';
          }
          break;
        }
        case 'thinking': {
          const end = rest.indexOf(CLOSE);
          if (end >= 0) {
            emit(out, 'thinking', rest.slice(0, end));
            this.state = 'after';
            rest = rest.slice(end + CLOSE.length);
          } else {
            const keep = partialSuffix(rest, CLOSE);
            emit(out, 'thinking', rest.slice(0, rest.length - keep));
            this.held = rest.slice(rest.length - keep);
            return out;
          }
          break;
        }
        case 'after': {
          // The blank line models put between their thinking and the answer is not part of the answer.
          const trimmed = rest.trimStart();
          if (!trimmed) return out;
          this.state = 'text';
          rest = trimmed;
          break;
        }
        case 'text':
          emit(out, 'text', rest);
          return out;
      }
    }
    return out;
  }

  /** What is still held when the stream ends: an unfinished tag is literal text, an unclosed think stays thinking. */
  flush(): SplitPiece[] {
    const held = this.held;
    this.held = '';
    if (!held) return [];
    return [{ kind: this.state === 'thinking' ? 'thinking' : 'text', text: held }];
  }
}

function emit(out: SplitPiece[], kind: SplitPiece['kind'], text: string): void {
  if (text) out.push({ kind, text });
}

/** Length of the longest suffix of `s` that is a proper prefix of `tag` (it might be the tag, cut). */
function partialSuffix(s: string, tag: string): number {
  for (let n = Math.min(tag.length - 1, s.length); n > 0; n--) {
    if (tag.startsWith(s.slice(s.length - n))) return n;
  }
  return 0;
}
