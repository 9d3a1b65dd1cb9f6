/**
 * What a screen reader is told while an answer streams (src/webview/a11y/announcer.ts), counted on the live regions
 * of the real panel: per the announce setting, whole sentences (never more updates than sentences), the whole answer
 * once, or nothing of the answer; errors once, assertively; and nothing else in the panel is live.
 */
import * as assert from 'node:assert/strict';
import type { HostMessage } from '../../src/core/protocol';
import { panelPerTest, type PanelPage } from './harness';
import { deltas, end, start } from './fixtures';

/** A long answer built from known sentences, and what each should be spoken as. */
function longAnswer(minDeltas: number, deltaSize: number): { markdown: string; spoken: string[] } {
  const subjects = ['The bucket', 'The limiter', 'This method', 'The caller', 'Each request', 'The refill step'];
  const verbs = ['takes **one** token', 'checks the `tokens` field', 'waits for the [next refill](https://example.com/refill)', 'returns `false` early', 'spends *what is left*', 'compares the elapsed time'];
  const ends = ['before it returns.', 'when the bucket is empty!', 'so bursts stay bounded.', 'and never blocks the event loop.', 'as the tests show?'];
  const plain = (s: string) => s.replace(/\*\*|\*|`/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
  const parts: string[] = [];
  const spoken: string[] = [];
  let n = 0;
  const sentence = () => {
    const s = `${subjects[n % subjects.length]} ${verbs[(n * 7) % verbs.length]} ${ends[(n * 3) % ends.length]}`;
    n++;
    spoken.push(plain(s));
    return s;
  };
  for (let block = 0; parts.join('').length < minDeltas * deltaSize; block++) {
    if (block % 4 === 3) {
      const lines = 3 + (block % 5);
      parts.push(['```ts', ...Array.from({ length: lines }, (_, i) => `const step${i} = take(${i}); // done. Next`), '```', '', ''].join('\n'));
      spoken.push(`code block, ${lines} lines, ts`);
    } else if (block % 4 === 1) {
      parts.push(`## Part ${block}\n\n`);
      spoken.push(`Part ${block}`);
      parts.push(`- ${sentence()}\n- ${sentence()}\n\n`);
    } else {
      parts.push(`${sentence()} ${sentence()} ${sentence()}\n\n`);
    }
  }
  parts.push(`${sentence()}`);
  return { markdown: parts.join(''), spoken };
}

const DELTA = 4; // characters: about a token
const ANSWER = longAnswer(2000, DELTA);

describe('screen-reader announcements while an answer streams (headless Chromium)', function () {
  this.timeout(120_000);
  let panel: PanelPage;
  panelPerTest((p) => (panel = p));

  /** Records every text the two live regions are given, from now on. */
  async function listen(): Promise<void> {
    await panel.eval(`(() => {
      window.__said = { polite: [], assertive: [] };
      for (const which of ['polite', 'assertive']) {
        const region = document.querySelector('[data-role=announce-' + which + ']');
        new MutationObserver((records) => {
          for (const r of records) for (const n of r.addedNodes) window.__said[which].push(n.textContent);
        }).observe(region, { childList: true, characterData: true, subtree: true });
      }
    })()`);
  }
  const said = () => panel.eval<{ polite: string[]; assertive: string[] }>('window.__said');

  async function streamAnswer(mode: 'sentences' | 'complete' | 'off'): Promise<{ polite: string[]; assertive: string[] }> {
    await panel.send({ type: 'a11y-settings', announce: mode });
    await listen();
    const messages: HostMessage[] = [start('t1'), ...deltas('t1', ANSWER.markdown, DELTA), end('t1')];
    assert.ok(messages.length >= 2000, `${messages.length} messages`);
    await panel.stream(messages);
    return said();
  }

  it('sentences: no more updates than sentences, each whole sentences in order, then "Answer complete."', async () => {
    const { polite, assertive } = await streamAnswer('sentences');
    assert.equal(polite[0], 'Explaining…');
    assert.match(polite.at(-1)!, / ?Answer complete\.$/);
    const body = polite.slice(1).map((s, i, all) => (i === all.length - 1 ? s.replace(/ ?Answer complete\.$/, '') : s)).filter(Boolean);
    assert.ok(body.length <= ANSWER.spoken.length, `${body.length} updates for ${ANSWER.spoken.length} sentences`);
    assert.ok(body.length >= ANSWER.spoken.length / 2, `spoken while streaming, not at the end: ${body.length} updates`);
    // Each update is one or more whole units, in order: cutting the expected units at the updates' boundaries works.
    let next = 0;
    for (const update of body) {
      let rest = update;
      const start = next;
      while (rest && next < ANSWER.spoken.length && rest.startsWith(ANSWER.spoken[next])) {
        rest = rest.slice(ANSWER.spoken[next].length).replace(/^ /, '');
        next++;
      }
      assert.equal(rest, '', `update ${JSON.stringify(update.slice(0, 80))} is whole sentences from #${start}`);
    }
    assert.equal(next, ANSWER.spoken.length, 'every sentence spoken once');
    assert.deepEqual(assertive, []);
  });

  it('complete: exactly one announcement of the answer, "Answer ready." and its whole plain text', async () => {
    const { polite, assertive } = await streamAnswer('complete');
    assert.deepEqual(polite, ['Explaining…', `Answer ready. ${ANSWER.spoken.join(' ')}`]);
    assert.deepEqual(assertive, []);
  });

  it('off: only that it started and ended', async () => {
    const { polite } = await streamAnswer('off');
    assert.deepEqual(polite, ['Explaining…', 'Answer complete.']);
  });

  it('Stopped is said politely; an interruption once, assertively; a retry status once, not per countdown tick', async () => {
    await listen();
    await panel.send(start('t1'), { type: 'turn-status', turnId: 't1', text: 'The provider is overloaded.', retry: { inMs: 1200, attempt: 2, maxAttempts: 3 } });
    await panel.until(`document.querySelector('[data-turn-id=t1] [data-role=turn-status]').textContent.endsWith('Retrying now (2/3)…')`, 'the countdown to end');
    await panel.send({ type: 'delta', turnId: 't1', text: 'Half. An' }, end('t1', 'cancelled'));
    await panel.send(start('t2'), { type: 'delta', turnId: 't2', text: 'Some' });
    await panel.send({ type: 'turn-error', turnId: 't2', partialText: 'Some', error: { kind: 'network', message: 'The connection was reset.', retryable: true } });
    const { polite, assertive } = await said();
    assert.deepEqual(polite, ['Explaining…', 'The provider is overloaded.', 'Stopped.', 'Explaining…']);
    assert.deepEqual(assertive, ['Interrupted: The connection was reset.']);
  });

  it('a restored conversation is not read out; the same words twice are still announced twice', async () => {
    await listen();
    await panel.send({ type: 'history', turns: [{ turnId: 'a1', prompt: { text: 'q' }, provider: 'openai', model: 'm', state: 'streaming', text: 'Old. ' }] });
    await panel.send(end('a1'));
    await panel.send(start('t1'), start('t2'));
    const { polite } = await said();
    assert.deepEqual(polite.map((s) => s.trim()), ['Explaining…', 'Explaining…']);
    assert.notEqual(polite[0], polite[1], 'the repeat differs (a no-break space), so it is announced again');
  });

  it('nothing else in the panel is live: the turn list and the status line are not live regions', async () => {
    await panel.send(start('t1'), { type: 'delta', turnId: 't1', text: 'Text.' });
    const live = await panel.$$eval<string[]>('[aria-live], [role=log], [role=status], [role=alert]', '(es) => es.map((e) => e.dataset.role)');
    assert.deepEqual(live, ['announce-polite', 'announce-assertive']);
  });
});
