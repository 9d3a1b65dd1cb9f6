import * as assert from 'node:assert/strict';
import { buildModelMenu, formatPrice, MAX_RECENT, rememberRecent, type MenuEntry, type ProviderModels } from '../../src/core/modelMenu';
import { DEFAULT_PRICES } from '../../src/core/pricing';

type Row = Extract<MenuEntry, { kind: 'model' }>;
const rows = (entries: MenuEntry[]) => entries.filter((e): e is Row => e.kind === 'model');
const outline = (entries: MenuEntry[]) => entries.map((e) => (e.kind === 'separator' ? `— ${e.label}` : `${e.provider}/${e.model}`));

const groups: ProviderModels[] = [
  { provider: 'openai', configured: 'gpt-4o-mini', models: [{ provider: 'openai', id: 'gpt-4o' }, { provider: 'openai', id: 'gpt-4o-mini' }, { provider: 'openai', id: 'my-finetune' }] },
  { provider: 'anthropic', configured: 'claude-sonnet-4-20250514', models: [{ provider: 'anthropic', id: 'claude-opus-5', label: 'Claude Opus 5' }, { provider: 'anthropic', id: 'claude-sonnet-4-20250514', label: 'Claude Sonnet 4' }] },
];

describe('model picker rows', () => {
  it('groups the models by provider, each group under its separator', () => {
    const menu = buildModelMenu(groups, { provider: 'openai', model: 'gpt-4o-mini' }, [], DEFAULT_PRICES);
    assert.deepEqual(outline(menu), [
      '— OpenAI', 'openai/gpt-4o', 'openai/gpt-4o-mini', 'openai/my-finetune',
      '— Anthropic', 'anthropic/claude-opus-5', 'anthropic/claude-sonnet-4-20250514',
    ]);
    assert.equal(rows(menu).find((r) => r.model === 'claude-opus-5')!.label, 'Claude Opus 5 (claude-opus-5)', 'a display name shows with its id');
  });

  it('marks the current model, and only it', () => {
    const menu = buildModelMenu(groups, { provider: 'anthropic', model: 'claude-sonnet-4-20250514' }, [], DEFAULT_PRICES);
    assert.deepEqual(rows(menu).filter((r) => r.current).map((r) => r.model), ['claude-sonnet-4-20250514']);
    assert.match(rows(menu).find((r) => r.current)!.description, /^current/);
  });

  it('shows prices where the table knows the model, and nothing made up where it does not', () => {
    const menu = rows(buildModelMenu(groups, { provider: 'openai', model: 'gpt-4o' }, [], DEFAULT_PRICES));
    assert.equal(menu.find((r) => r.model === 'gpt-4o-mini')!.description, '$0.15 / $0.60 per 1M tokens');
    assert.equal(menu.find((r) => r.model === 'claude-sonnet-4-20250514')!.description, '$3.00 / $15.00 per 1M tokens', 'dated ids priced by their family');
    assert.equal(menu.find((r) => r.model === 'my-finetune')!.description, '');
    assert.equal(formatPrice({ input: 0.075, output: 0.3 }), '$0.075 / $0.30 per 1M tokens');
  });

  it('puts the recently used models first, most recent on top, without repeating them in their groups', () => {
    const recent = [{ provider: 'anthropic' as const, model: 'claude-opus-5' }, { provider: 'openai' as const, model: 'gpt-4o' }, { provider: 'openai' as const, model: 'gone-model' }];
    const menu = buildModelMenu(groups, { provider: 'openai', model: 'gpt-4o-mini' }, recent, DEFAULT_PRICES);
    assert.deepEqual(outline(menu), [
      '— Recently used', 'anthropic/claude-opus-5', 'openai/gpt-4o',
      '— OpenAI', 'openai/gpt-4o-mini', 'openai/my-finetune',
      '— Anthropic', 'anthropic/claude-sonnet-4-20250514',
    ]);
    assert.match(rows(menu)[0].description, /^Anthropic/, 'a recent row names its provider');
  });

  it('a list that failed still offers the configured model, and says why', () => {
    const failed: ProviderModels[] = [groups[0], { provider: 'anthropic', configured: 'claude-sonnet-4-20250514', models: [], error: '404 Unknown endpoint GET /v1/models' }];
    const menu = buildModelMenu(failed, { provider: 'openai', model: 'gpt-4o-mini' }, [], DEFAULT_PRICES);
    const row = rows(menu).find((r) => r.provider === 'anthropic')!;
    assert.equal(row.model, 'claude-sonnet-4-20250514');
    assert.equal(row.detail, "Couldn't list Anthropic models: 404 Unknown endpoint GET /v1/models");
  });

  it('the configured model is offered even when the list does not have it; a provider with nothing to offer has no group', () => {
    const menu = buildModelMenu([
      { provider: 'openai', configured: 'local-llama', models: [{ provider: 'openai', id: 'gpt-4o' }] },
      { provider: 'vscode-lm', models: [] },
    ], { provider: 'openai', model: 'local-llama' }, [], DEFAULT_PRICES);
    assert.deepEqual(outline(menu), ['— OpenAI', 'openai/local-llama', 'openai/gpt-4o']);
    assert.equal(rows(menu)[0].detail, 'from settings');
  });

  it('remembers at most the last five, the newest first, without repeats', () => {
    let recent: ReturnType<typeof rememberRecent> = [];
    for (const m of ['a', 'b', 'c', 'd', 'e', 'f', 'c']) recent = rememberRecent(recent, { provider: 'openai', model: m });
    assert.equal(MAX_RECENT, 5);
    assert.deepEqual(recent.map((r) => r.model), ['c', 'f', 'e', 'd', 'b']);
  });
});
