import * as assert from 'node:assert/strict';
import { CHIP_KINDS } from '../../src/core/context/types';
import { parseHostMessage } from '../../src/core/protocolParse';

describe('protocol: the prompt sent with an explain turn (chips and Show prompt)', () => {
  const sent = { system: 'S', user: 'U', chips: [{ kind: 'definition', label: '2 definitions', tokens: 310 }] };
  const turnStart = (s: unknown) => ({ type: 'turn-start', turnId: 't1', provider: 'openai', model: 'm', prompt: { text: 'Explain this code.', code: 'x', sent: s } });

  it('accepts well-formed chips, none, and the partial flag', () => {
    assert.ok(parseHostMessage(turnStart(sent)));
    assert.ok(parseHostMessage(turnStart({ ...sent, chips: [] })));
    assert.ok(parseHostMessage(turnStart({ ...sent, partial: true })));
  });

  it('rejects an unknown chip kind, a negative or non-numeric token count, extra fields, missing messages', () => {
    const bad = [
      { ...sent, chips: [{ kind: 'file', label: 'x', tokens: 1 }] },
      { ...sent, chips: [{ kind: 'imports', label: 'imports', tokens: -1 }] },
      { ...sent, chips: [{ kind: 'imports', label: 'imports', tokens: '3' }] },
      { ...sent, chips: [{ kind: 'imports', label: 'x'.repeat(201), tokens: 3 }] },
      { ...sent, chips: [{ kind: 'imports', label: 'imports', tokens: 3, html: '<b>' }] },
      { ...sent, chips: Array.from({ length: CHIP_KINDS.length + 1 }, () => ({ kind: 'imports', label: 'i', tokens: 1 })) },
      { ...sent, extra: 1 },
      { ...sent, partial: 'yes' },
      { chips: [], user: 'U' },
      { ...sent, user: 3 },
    ];
    for (const s of bad) assert.equal(parseHostMessage(turnStart(s)), null, JSON.stringify(s));
  });
});
