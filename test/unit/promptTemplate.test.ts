import * as assert from 'node:assert/strict';
import { selectContext } from '../../src/core/context/selectContext';
import { buildExplainPrompt } from '../../src/core/promptBuilder';
import { renderTemplate, TemplateError, unknownPlaceholders } from '../../src/core/promptTemplate';
import { approximateCounter } from '../../src/core/tokenCounter';

describe('prompt templates', () => {
  const values = { code: '```ts\nconst s = `${context}`;\n```', language: 'ts', fileName: 'a.ts', context: 'CTX' };

  it('fills every known placeholder once, without expanding placeholders inside the values', () => {
    assert.equal(renderTemplate('In ${fileName} (${language}):\n${code}\n${context}\n${code}', values),
      'In a.ts (ts):\n```ts\nconst s = `${context}`;\n```\nCTX\n```ts\nconst s = `${context}`;\n```');
    assert.equal(renderTemplate('no placeholders', values), 'no placeholders');
  });

  it('reports unknown placeholders (each once) instead of sending them', () => {
    assert.deepEqual(unknownPlaceholders('${code} ${lang} ${selection} ${lang}'), ['lang', 'selection']);
    assert.throws(() => renderTemplate('Explain ${lang}: ${code}', values, '“streamExplain.prompts.explain”'),
      (e: unknown) => e instanceof TemplateError && /“streamExplain.prompts.explain” uses \$\{lang\}, which is not known; use \$\{code\}, \$\{language\}, \$\{fileName\}, \$\{context\}\./.test(e.message));
  });

  it('the explain prompt follows the template; without ${context} no context is sent and no chip claims it', () => {
    const context = selectContext([{ kind: 'imports', title: 'imports', fileName: 'a.ts', startLine: 1, endLine: 1, text: "import { x } from './x';", distance: 0 }],
      { maxTokens: 1000, language: 'typescript', counter: approximateCounter });
    const ctx = { code: 'x();', language: 'typescript', fileName: 'a.ts', context };
    const withContext = buildExplainPrompt({ ...ctx, template: { text: 'Review ${fileName}:\n${code}\n${context}', setting: 's' } });
    assert.match(withContext.content, /^Review a\.ts:\n```typescript\nx\(\);\n```\nContext from the workspace[\s\S]*import \{ x \} from '\.\/x';/);
    assert.deepEqual(withContext.sent?.chips.map((c) => c.label), ['imports']);
    const without = buildExplainPrompt({ ...ctx, template: { text: 'Explain ${code} briefly.', setting: 's' } });
    assert.equal(without.content, 'Explain ```typescript\nx();\n``` briefly.');
    assert.deepEqual(without.sent?.chips, []);
    assert.equal(buildExplainPrompt({ ...ctx, template: { text: '  ', setting: 's' } }).content, buildExplainPrompt(ctx).content, 'a blank template is the built-in prompt');
  });
});
