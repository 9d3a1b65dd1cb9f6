import * as assert from 'node:assert/strict';
import type { HostMessage } from '../../src/core/protocol';
import { panelPerTest, type PanelPage } from './harness';
import { end, start } from './fixtures';

describe('the panel’s stats line says how the cost is known (dist/webview.js)', () => {
  let panel: PanelPage;
  panelPerTest((p) => (panel = p));

  const ended = (turnId: string, extra: Record<string, unknown>): HostMessage => ({ ...(end(turnId, 'cancelled') as object), ...extra }) as HostMessage;
  const stats = (turnId: string) => panel.turn(turnId).locator('[data-role=turn-stats]').textContent();

  it('a local server’s answer reads "local" (free), not "price unknown" nor an estimate', async () => {
    await panel.send(start('t1', { model: 'llama3.2:3b' }), ended('t1', { costUsd: 0, costBasis: 'local' }));
    assert.match((await stats('t1'))!, / · local$/);
  });

  it('a plan’s answer reads "included in your plan"; a reported cost is a dollar figure', async () => {
    await panel.send(start('t1', { provider: 'vscode-lm', model: 'copilot/gpt-4o' }), ended('t1', { costUsd: 0, costBasis: 'included' }));
    assert.match((await stats('t1'))!, / · included in your plan$/);
    await panel.send(start('t2', { model: 'openai/gpt-4o-mini' }), { ...(end('t2') as object), costUsd: 0.0123, costBasis: 'reported' } as HostMessage);
    assert.match((await stats('t2'))!, / · \$0\.0123$/);
  });

  it('a turn-end with an unknown basis is dropped by the panel’s validator', async () => {
    await panel.send(start('t1'), ended('t1', { costBasis: '<b>free</b>' }));
    assert.equal(await panel.turn('t1').getAttribute('data-state'), 'streaming', 'the invalid end never arrived');
  });
});
