import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import o200kRanks from 'gpt-tokenizer/bpeRanks/o200k_base';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { BpeCounter } from '../../src/core/bpe/bpeCounter';
import { packRanks, parseRankTable, serializeRankTable } from '../../src/core/bpe/rankTable';
import { o200kCounter } from '../../src/core/tokenizer';

const ROOT = path.join(__dirname, '..', '..');
/** gpt-tokenizer with special tokens read as text, as the extension counts them (see the special-token test). */
const reference = (text: string) => countTokens(text, { disallowedSpecial: new Set() });
const bytes = (s: string) => new TextEncoder().encode(s);

describe('the o200k token counter (src/core/bpe)', () => {
  it('counts exactly as gpt-tokenizer on prose, code, many scripts, emoji, long runs and its own vocabulary', () => {
    const random = crypto.createHash('sha256').update('fixed seed').digest();
    const texts = [
      fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'),
      fs.readFileSync(path.join(ROOT, 'src', 'core', 'chatEngine.ts'), 'utf8'),
      'Größenordnung — naïve café; Привет, мир; Γειά σου; שלום; مرحبا; नमस्ते; 你好，世界; こんにちは; 안녕하세요; ภาษาไทย',
      'emoji 🙂👍🏽🇩🇪 and ZWJ 👩‍💻, control \u0000\u0007, replacement \uFFFD, lone \uD800 surrogate \uDC00 halves',
      // Long pieces: no space for the pre-tokenizer to split at, so the merge loop does all the work.
      Buffer.concat(Array.from({ length: 200 }, (_, i) => crypto.createHash('sha256').update(random).update(String(i)).digest())).toString('base64'),
      'a'.repeat(3000), ' '.repeat(5000) + 'x',
      // Long runs over small alphabets: many pairs of equal rank, so the heap's order must match the plain loop's.
      ...['ab', 'aeiou', 'qwertyuiopasdfghjklzxcvbnm', 'QWERTYuiop', 'の中に日本語'].map((abc, k) =>
        Array.from({ length: 300 + k * 700 }, (_, i) => abc[random[(i * 7 + k) % random.length] % abc.length] ?? abc[i % abc.length]).join('')), '\n\n\n  \t\t x  \r\n', '', '1234567890123', "I'm don't WE'LL They'RE",
      Array.from({ length: 3000 }, (_, i) => String.fromCodePoint(0x80 + ((i * 7919) % 0x2ff00))).join(''),
      ...['', ' '].map((sep) => o200kRanks.filter((t, i): t is string => typeof t === 'string' && i % 97 === 0).join(sep)),
    ];
    for (const t of texts) assert.equal(o200kCounter.count(t), reference(t), JSON.stringify(t.slice(0, 40)));
  });

  it('counts pieces too long for its kept byte buffer (its own buffer then), and short ones after them, as gpt-tokenizer', () => {
    // Over 64 KiB of UTF-8 at 3 bytes a unit: a minified line or a blob with nothing for the pre-tokenizer to split at.
    const long = Array.from({ length: 24_000 }, (_, i) => 'xyzw'[(i * 7) % 4]).join('');
    const wide = Array.from({ length: 23_000 }, (_, i) => String.fromCodePoint(0x4e00 + ((i * 31) % 500))).join('');
    for (const t of [long, 'short after long', wide, 'Größe after wide', `${long} and ${wide}`]) {
      assert.equal(o200kCounter.count(t), reference(t), JSON.stringify(t.slice(0, 20)));
    }
  });

  it('counts a special token written in the text as the text it is (gpt-tokenizer throws on it by default)', () => {
    const text = 'split on <|endoftext|> here';
    assert.throws(() => countTokens(text));
    assert.equal(o200kCounter.count(text), reference(text));
  });

  it('finds every rank of the vocabulary by its bytes, and nothing that is not in it', () => {
    const table = packRanks(o200kRanks);
    const bpe = new BpeCounter(table);
    for (let r = 0; r < o200kRanks.length; r++) {
      const b = table.bytes.subarray(table.offsets[r], table.offsets[r + 1]);
      assert.equal(bpe.rank(b, 0, b.length), r, `rank ${r}`);
    }
    const absent = bytes('zqxjzqxjzqxj');
    assert.equal(bpe.rank(absent, 0, absent.length), 0x7fffffff);
    assert.equal(bpe.countPiece(absent, absent.length), reference('zqxjzqxjzqxj'));
  });

  it('keeps the vocabulary in typed arrays, and its packed form survives a round trip and refuses damage', () => {
    const table = packRanks(o200kRanks);
    assert.ok(table.bytes instanceof Uint8Array && table.offsets instanceof Uint32Array);
    const packed = serializeRankTable(table);
    const back = parseRankTable(packed);
    assert.deepEqual(back.offsets, table.offsets);
    assert.ok(Buffer.from(back.bytes).equals(Buffer.from(table.bytes)));
    assert.throws(() => parseRankTable(packed.subarray(0, packed.length - 1)), /damaged/);
  });
});
