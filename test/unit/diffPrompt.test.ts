import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { boundDiff, diffStats, splitHunks } from '../../src/core/diff/diffText';
import { buildDiffPrompt, DIFF_QUESTION } from '../../src/core/diff/diffPrompt';
import { prepareDiff } from '../../src/core/diff/prepareDiff';
import type { CodeContext } from '../../src/core/promptBuilder';
import { InputRejected } from '../../src/core/inputGuard';
import type { HostMessage } from '../../src/core/protocol';
import { TemplateError } from '../../src/core/promptTemplate';
import { o200kCounter } from '../../src/core/tokenizer';
import { startProviderServer, type ProviderServer } from '../server/providerServer';
import { EngineHarness } from './engineHarness';

/** Real diffs: a temporary git repository, a committed file, a working-tree change, `git diff HEAD`. */
function gitDiff(before: string, after: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'se-diff-'));
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'core.autocrlf=false', ...args], { cwd: dir, encoding: 'utf8' });
  try {
    git('init', '-q');
    fs.writeFileSync(path.join(dir, 'cache.ts'), before);
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    fs.writeFileSync(path.join(dir, 'cache.ts'), after);
    return git('diff', 'HEAD', '--', 'cache.ts');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const BEFORE = [
  'export class Cache<K, V> {',
  '  private readonly map = new Map<K, V>();',
  '  get(key: K): V | undefined {',
  '    return this.map.get(key);',
  '  }',
  '}',
  '',
].join('\n');
const AFTER = [
  'export class Cache<K, V> {',
  '  private readonly map = new Map<K, V>();',
  '  constructor(private readonly limit: number) {}',
  '  get(key: K): V | undefined {',
  '    const v = this.map.get(key);',
  '    if (v !== undefined) { this.map.delete(key); this.map.set(key, v); }',
  '    return v;',
  '  }',
  '}',
  '',
].join('\n');

/** A long file with a change every 30 lines: many hunks. */
function manyHunks(): string {
  const lines = Array.from({ length: 3000 }, (_, i) => `export const value${i} = ${i}; // line ${i}`);
  const changed = lines.map((l, i) => (i % 30 === 0 ? `${l.replace(/= \d+/, `= ${i * 2}`)} // doubled` : l));
  return gitDiff(`${lines.join('\n')}\n`, `${changed.join('\n')}\n`);
}

/** As Explain Diff does: prepared (redacted, bounded) where it is read, then built into the request. */
function diffPrompt(ctx: CodeContext, maxTokens: number) {
  const prepared = prepareDiff(ctx.code, maxTokens, o200kCounter);
  return buildDiffPrompt({ ...ctx, code: prepared.text }, prepared);
}

describe('Explain Diff: the diff as a request', () => {
  it('counts added and removed lines of a real git diff, not its ---/+++ headers', () => {
    const diff = gitDiff(BEFORE, AFTER);
    assert.deepEqual(diffStats(diff), { added: 4, removed: 1 });
    const { header, hunks } = splitHunks(diff);
    assert.ok(header.some((l) => l.startsWith('--- a/cache.ts')) && header.some((l) => l.startsWith('+++ b/cache.ts')));
    assert.equal(hunks.length, 1);
  });

  it('sends the diff as a change: fenced as diff, file, language, +/− in the text and the chip', () => {
    const diff = gitDiff(BEFORE, AFTER);
    const p = diffPrompt({ code: diff, language: 'typescript', fileName: 'src/cache.ts' }, 32_000);
    assert.equal(p.text, DIFF_QUESTION);
    assert.equal(p.language, 'diff');
    assert.match(p.content, /^Explain this change: what it does, and what it could break\.\n\nThe uncommitted changes to `src\/cache\.ts` \(typescript\), as a unified diff against the last commit \(\+4 −1\):\n\n```diff\n/);
    assert.ok(p.content.includes(diff.trimEnd()), 'the whole diff is sent');
    assert.deepEqual(p.sent?.chips.map((c) => [c.kind, c.label]), [['diff', 'diff of src/cache.ts, +4 −1']]);
    assert.ok(p.sent!.chips[0].tokens > 20);
    assert.equal(p.sent?.user, p.content, 'Show prompt shows exactly what is sent');
    assert.equal(p.note, undefined);
  });

  it('redacts secrets in the diff and says so', () => {
    const key = ['sk', 'proj', 'FAKE0123456789abcdefghijklmnop'].join('-');
    const diff = gitDiff('const a = 1;\n', `const a = 1;\nconst OPENAI_API_KEY = "${key}";\nconst password = 'hunter22';\n`);
    const p = diffPrompt({ code: diff, language: 'typescript', fileName: 'cfg.ts' }, 32_000);
    assert.ok(!p.content.includes(key) && !p.content.includes('hunter22'), p.content);
    assert.ok(!p.code!.includes(key));
    assert.match(p.content, /\+const password = '\[redacted\]';/);
    assert.match(p.note ?? '', /2 secrets were replaced by \[redacted\]/);
  });

  it('cuts a huge diff at a hunk boundary, within the bound, with a note in the text and under the question', () => {
    const diff = manyHunks();
    const total = splitHunks(diff).hunks.length;
    assert.ok(total > 50, `${total} hunks`);
    const cut = boundDiff(diff, 2000, o200kCounter);
    assert.ok(o200kCounter.count(cut.text) <= 2000, `${o200kCounter.count(cut.text)} tokens`);
    const kept = splitHunks(cut.text.split('\n[…')[0]).hunks;
    assert.ok(kept.length > 0 && kept.length < total);
    // Whole hunks only: each kept hunk equals the original's.
    assert.deepEqual(kept, splitHunks(diff).hunks.slice(0, kept.length));
    assert.match(cut.note ?? '', new RegExp(`only ${kept.length} of ${total} hunks were sent; \\+\\d+ −\\d+ changed lines were left out`));
    assert.ok(cut.text.endsWith(`[… ${cut.note}]`));
    const p = diffPrompt({ code: diff, language: 'typescript', fileName: 'values.ts' }, 2000);
    assert.equal(p.note, cut.note);
    assert.deepEqual(p.sent?.chips.map((c) => c.label), [`diff of values.ts, +${total} −${total}`], 'the chip gives the size of the whole change');
  });

  it('a single hunk larger than the bound is cut by lines', () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `line ${i}`);
    const diff = gitDiff('start\n', `start\n${lines.join('\n')}\n`);
    const cut = boundDiff(diff, 500, o200kCounter);
    assert.ok(o200kCounter.count(cut.text) <= 500);
    assert.match(cut.note ?? '', /only the first \d+ lines of hunk 1 of 1 were sent/);
  });

  it('the template gets the diff as ${code}; an unknown placeholder is an error, not a request', () => {
    const diff = gitDiff(BEFORE, AFTER);
    const template = { text: 'Review ${fileName} (${language}):\n${code}${context}', setting: 'streamExplain.prompts.explainDiff' };
    const p = diffPrompt({ code: diff, language: 'typescript', fileName: 'cache.ts', template }, 32_000);
    assert.equal(p.content, `Review cache.ts (typescript):\n\`\`\`diff\n${diff.trimEnd()}\n\`\`\``);
    assert.throws(() => diffPrompt({ code: diff, fileName: 'cache.ts', template: { ...template, text: '${diff}' } }, 32_000),
      (e: unknown) => e instanceof TemplateError && /streamExplain\.prompts\.explainDiff” uses \$\{diff\}/.test(e.message));
  });

  it('no changes, or binary, is rejected', () => {
    assert.throws(() => diffPrompt({ code: '\n' }, 32_000), InputRejected);
    assert.throws(() => diffPrompt({ code: 'a\u0000b' }, 32_000), InputRejected);
  });

  describe('through the engine to the local provider server', () => {
    let server: ProviderServer;
    beforeEach(async () => { server = await startProviderServer(); });
    afterEach(async () => { await server.close(); });

    it('the request carries the diff; the turn-start carries the diff chip and the exact message', async () => {
      const h = new EngineHarness(server);
      server.enqueue({ kind: 'script', text: 'The cache now moves a read key to the end.', tokensPerSecond: 500 });
      const diff = gitDiff(BEFORE, AFTER);
      const prepared = prepareDiff(diff, 8000, o200kCounter);
    await h.engine.explain({ code: prepared.text, diff: prepared, language: 'typescript', fileName: 'src/cache.ts' });
      const sent = server.requests[0].body.messages as Array<{ role: string; content: string }>;
      assert.ok(sent.at(-1)!.content.includes(`\`\`\`diff\n${diff.trimEnd()}\n\`\`\``));
      const start = h.posted.find((m): m is Extract<HostMessage, { type: 'turn-start' }> => m.type === 'turn-start')!;
      assert.equal(start.prompt.sent?.user, sent.at(-1)!.content);
      assert.deepEqual(start.prompt.sent?.chips.map((c) => c.label), ['diff of src/cache.ts, +4 −1']);
      assert.equal(h.lastEnd().type, 'turn-end');
    });
  });
});
