import * as assert from 'node:assert/strict';
import { parseExplainStyle, styleInstruction } from '../../src/core/explainStyle';
import { buildExplainPrompt } from '../../src/core/promptBuilder';

describe('explain style', () => {
  const ctx = { code: 'x++;', language: 'typescript', fileName: 'a.ts', startLine: 1, endLine: 1 };

  it('detailed (the default) asks as before; concise and beginner add their instruction under the question', () => {
    assert.equal(buildExplainPrompt({ ...ctx, style: 'detailed' }).content, buildExplainPrompt(ctx).content);
    const concise = buildExplainPrompt({ ...ctx, style: 'concise' });
    assert.ok(concise.content.startsWith(`Explain this code.\n\n${styleInstruction('concise')}\n\nThe typescript code from`));
    const beginner = buildExplainPrompt({ ...ctx, style: 'beginner' });
    assert.match(beginner.content, /^Explain this code\.\n\nThe reader is new to typescript and to this code: /);
    assert.equal(beginner.text, 'Explain this code.', 'the question shown stays the user’s');
    assert.equal(beginner.sent?.user, beginner.content, 'Show prompt shows the instruction too');
  });

  it('an unknown setting value falls back to detailed', () => {
    assert.equal(parseExplainStyle('verbose'), 'detailed');
    assert.equal(parseExplainStyle(undefined), 'detailed');
    assert.equal(parseExplainStyle('beginner'), 'beginner');
  });
});
