import * as assert from 'node:assert/strict';
import { ThinkTagSplitter, type SplitPiece } from '../../src/core/providers/thinkTagSplitter';

/** Feed `pieces` as successive deltas, then flush; what came out as thinking and as text. */
function run(pieces: string[]): { thinking: string; text: string; order: SplitPiece['kind'][] } {
  const s = new ThinkTagSplitter();
  const out = [...pieces.flatMap((p) => s.push(p)), ...s.flush()];
  return {
    thinking: out.filter((p) => p.kind === 'thinking').map((p) => p.text).join(''),
    text: out.filter((p) => p.kind === 'text').map((p) => p.text).join(''),
    order: out.map((p) => p.kind),
  };
}

/** Every way of cutting `s` into two and into three deltas (empty pieces included, as servers do send them). */
function* cuts(s: string): Generator<string[]> {
  for (let i = 0; i <= s.length; i++) {
    yield [s.slice(0, i), s.slice(i)];
    for (let j = i; j <= s.length; j++) yield [s.slice(0, i), s.slice(i, j), s.slice(j)];
  }
}

describe('<think>…</think> at the start of the content becomes thinking, cut anywhere across deltas', () => {
  const thinking = '\nThe user wants `x + 1` explained; a < b and </thin are not the tag.\n';
  const answer = '`x + 1` adds one to `x`.\n\n</think> here is literal.';
  const whole = `<think>${thinking}</think>\n\n${answer}`;

  it('at every boundary (two and three deltas) the thinking and the answer are exact, thinking first', () => {
    let cases = 0;
    for (const pieces of cuts(whole)) {
      const got = run(pieces);
      assert.equal(got.thinking, thinking, JSON.stringify(pieces));
      assert.equal(got.text, answer, JSON.stringify(pieces));
      assert.equal(got.order.lastIndexOf('thinking') < got.order.indexOf('text'), true, JSON.stringify(pieces));
      cases++;
    }
    assert.ok(cases > whole.length * whole.length / 2, `${cases} cuts tried`);
  });

  it('one character per delta', () => {
    assert.deepEqual(run([...whole]).thinking, thinking);
    assert.deepEqual(run([...whole]).text, answer);
  });

  it('whitespace before <think> is allowed; content that does not open with it passes through untouched', () => {
    assert.deepEqual(run(['  \n<th', 'ink>a</think>b']), { thinking: 'a', text: 'b', order: ['thinking', 'text'] });
    for (const plain of ['Hello <think>not at the start</think>', '<thinking>is another word', '<', ' ', 'x']) {
      for (const pieces of cuts(plain)) {
        const got = run(pieces);
        assert.equal(got.thinking, '', JSON.stringify(pieces));
        assert.equal(got.text, plain, JSON.stringify(pieces));
      }
    }
  });

  it('a stream that ends inside the thinking keeps it as thinking (nothing is lost, nothing leaks into the answer)', () => {
    for (const pieces of cuts('<think>still going </thi')) {
      const got = run(pieces);
      assert.equal(got.thinking, 'still going </thi', JSON.stringify(pieces));
      assert.equal(got.text, '');
    }
  });
});
