import * as assert from 'node:assert/strict';
import { MAX_MODEL_LENGTH } from '../../src/core/protocol';
import { parseHostMessage, parseWebviewMessage } from '../../src/core/protocolParse';

describe('protocol: the model button’s messages', () => {
  it('accepts select-model from the panel, with nothing else in it', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'select-model' }), { type: 'select-model' });
    for (const bad of [{ type: 'select-model', provider: 'openai' }, { type: 'select-model', model: 'gpt-4o' }, { type: 'select-model', command: 'workbench.action.quit' }]) {
      assert.equal(parseWebviewMessage(bad), null, JSON.stringify(bad));
    }
  });

  it('accepts the host’s model message for every provider, an unset model included', () => {
    for (const provider of ['openai', 'anthropic', 'azure', 'vscode-lm']) {
      assert.deepEqual(parseHostMessage({ type: 'model', provider, model: 'm-1' }), { type: 'model', provider, model: 'm-1' });
    }
    assert.deepEqual(parseHostMessage({ type: 'model', provider: 'openai', model: '' }), { type: 'model', provider: 'openai', model: '' });
  });

  it('rejects model messages with an unknown provider, a non-string or oversized model, or extra fields', () => {
    const bad: unknown[] = [
      { type: 'model' }, { type: 'model', provider: 'gemini', model: 'x' }, { type: 'model', provider: 'openai' },
      { type: 'model', provider: 'openai', model: 5 }, { type: 'model', provider: 'openai', model: 'x'.repeat(MAX_MODEL_LENGTH + 1) },
      { type: 'model', provider: 'openai', model: 'x', html: '<b>x</b>' }, { type: 'model', provider: ['openai'], model: 'x' },
    ];
    for (const m of bad) assert.equal(parseHostMessage(m), null, JSON.stringify(m).slice(0, 80));
  });
});
