import { strict as assert } from 'node:assert';
import { tapBody } from '../../src/core/providers/bodyTap';
import { DoneWatcher } from '../../src/core/providers/doneWatcher';

const enc = new TextEncoder();
const BODY = 'data: {"choices":[{"index":0,"delta":{"content":"done, data and [DONE"}}]}\n\ndata: [DONE]\n\n';

function watch(chunks: readonly string[]): boolean {
  const w = new DoneWatcher();
  for (const c of chunks) w.push(enc.encode(c));
  return w.seen;
}

/** A body made of these chunks, as a platform Response (what fetch gives the SDKs). */
const responseOf = (chunks: readonly string[]) =>
  new Response(new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(enc.encode(c));
      controller.close();
    },
  }));

describe('the response body tap and the [DONE] watcher (one callback per read, no copies)', () => {
  it('sees `data: [DONE]` wherever a chunk boundary (or two) cuts it, and in a body fed one byte at a time', () => {
    for (let i = 0; i <= BODY.length; i++) {
      assert.equal(watch([BODY.slice(0, i), BODY.slice(i)]), true, `cut at ${i}`);
      for (let j = i; j <= Math.min(BODY.length, i + 14); j++) assert.equal(watch([BODY.slice(0, i), BODY.slice(i, j), BODY.slice(j)]), true, `cut at ${i} and ${j}`);
    }
    assert.equal(watch([...BODY]), true);
  });

  it('does not see it where it is not: a body cut before it, a near miss across a boundary, text that mentions it', () => {
    const cut = BODY.slice(0, BODY.lastIndexOf('data: [DONE]'));
    for (let i = 0; i <= cut.length; i++) assert.equal(watch([cut.slice(0, i), cut.slice(i)]), false, `cut at ${i}`);
    assert.equal(watch([cut, 'data: [DO', 'NX]\n\n']), false);
    assert.equal(watch([cut, 'data: [DO', 'data: [DONE']), false, 'a marker restarted after a near miss is still incomplete');
    assert.equal(watch([cut, 'data: [DO', 'data: [DONE]']), true, 'and complete once it is');
    assert.equal(watch(['data: {"content":"[DONE]"}\n\n']), false, 'a token reading [DONE] is not the terminator');
  });

  for (const way of ['a reader (openai)', 'async iteration (@anthropic-ai/sdk)'] as const) {
    it(`taps every chunk read through ${way}, and the bytes read are the body unchanged`, async () => {
      const chunks = ['data: one\n\n', 'data: two\n', '\n', ': keep-alive\n\n'];
      const tapped: string[] = [];
      const res = tapBody(responseOf(chunks), (c) => tapped.push(new TextDecoder().decode(c)));
      const read: string[] = [];
      if (way === 'a reader (openai)') {
        const reader = res.body!.getReader();
        for (let r = await reader.read(); !r.done; r = await reader.read()) read.push(new TextDecoder().decode(r.value));
      } else {
        for await (const c of res.body as unknown as AsyncIterable<Uint8Array>) read.push(new TextDecoder().decode(c));
      }
      assert.deepEqual(read, chunks);
      assert.deepEqual(tapped, chunks);
      assert.ok(res.body instanceof ReadableStream, 'the body is still the platform stream');
    });
  }
});
