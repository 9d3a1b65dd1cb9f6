/** Read Last Answer's document (src/core/lastAnswer.ts). */
import * as assert from 'node:assert/strict';
import type { TurnSnapshot } from '../../src/core/protocol';
import { lastAnswerMarkdown } from '../../src/core/lastAnswer';

const turn = (turnId: string, text: string, extra: Partial<TurnSnapshot> = {}): TurnSnapshot => ({
  turnId, prompt: { text: 'Explain  this\ncode.', fileName: 'src/a.ts', code: 'x' }, provider: 'openai', model: 'gpt-4o-mini', state: 'done', text, ...extra,
});

describe('Read Last Answer', () => {
  it('is the newest answer as Markdown under its heading, with the question it answers', () => {
    const md = lastAnswerMarkdown([turn('t1', 'Old.'), turn('t2', 'It **adds** one.\n\n```ts\nx++\n```\n')]);
    assert.equal(md, '# Answer from gpt-4o-mini\n\nQuestion: Explain this code.\nCode: src/a.ts\n\nIt **adds** one.\n\n```ts\nx++\n```\n');
  });

  it('skips a folded earlier attempt and empty answers; says when the answer stopped early; null when there is none', () => {
    assert.match(lastAnswerMarkdown([turn('t1', 'Partial', { state: 'cancelled' }), turn('t2', 'Replaced', { superseded: true }), turn('t3', '  ')])!,
      /\n\nStopped before the end\.\n\nPartial\n$/);
    assert.equal(lastAnswerMarkdown([]), null);
    assert.equal(lastAnswerMarkdown([turn('t1', '')]), null);
  });
});
