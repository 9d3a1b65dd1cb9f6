/**
 * Realistic LLM answers about code, generated deterministically from a seed: headings, prose with emphasis, inline
 * code and links, bullet and numbered lists (some loose, some holding code), fenced code in several languages (with
 * multi-line comments, docstrings and template strings), tables, block quotes and rules. Used by the render benchmark
 * and by the renderer's tests.
 */

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ('the function returns a new value when the cache is empty so every caller waits for the first request to '
  + 'finish then reads the stored result instead of calling the server again this keeps latency low and avoids '
  + 'duplicate work under load because the lock is held only while the entry is created not while it is used '
  + 'which means readers never block each other and a slow request cannot stall unrelated keys').split(' ');
const IDENTS = ['tryTake', 'refill', 'capacity', 'elapsed', 'Map<string, Entry>', 'await fetchUser(id)', 'Promise.all', 'useEffect', 'self.cache', 'ctx.Done()', 'Result<T, E>', 'O(n log n)'];
const LINKS = ['https://developer.mozilla.org/en-US/docs/Web/JavaScript', 'https://docs.python.org/3/library/functools.html', 'https://go.dev/blog/context', 'https://www.rfc-editor.org/rfc/rfc6585'];

export class AnswerGenerator {
  private readonly r: () => number;

  constructor(seed = 42) {
    this.r = rng(seed);
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)];
  }

  private int(lo: number, hi: number): number {
    return lo + Math.floor(this.r() * (hi - lo + 1));
  }

  sentence(): string {
    const n = this.int(8, 22);
    const parts: string[] = [];
    for (let i = 0; i < n; i++) {
      const x = this.r();
      if (x < 0.07) parts.push('`' + this.pick(IDENTS) + '`');
      else if (x < 0.1) parts.push('**' + this.pick(WORDS) + ' ' + this.pick(WORDS) + '**');
      else if (x < 0.12) parts.push('*' + this.pick(WORDS) + '*');
      else if (x < 0.13) parts.push(`[${this.pick(WORDS)} docs](${this.pick(LINKS)})`);
      else parts.push(this.pick(WORDS));
    }
    const s = parts.join(' ');
    return s[0].toUpperCase() + s.slice(1) + this.pick(['.', '.', '.', ':', '?']);
  }

  paragraph(): string {
    return Array.from({ length: this.int(2, 5) }, () => this.sentence()).join(' ');
  }

  heading(): string {
    return `${this.pick(['##', '##', '###'])} ${this.pick(['How it works', 'Why the lock matters', 'Edge cases', 'A safer version', 'Complexity', 'Testing it', 'Summary'])}`;
  }

  list(): string {
    const ordered = this.r() < 0.4;
    const loose = this.r() < 0.25;
    const items = Array.from({ length: this.int(3, 7) }, (_, i) => {
      const marker = ordered ? `${i + 1}.` : '-';
      let item = `${marker} ${this.sentence()}`;
      if (this.r() < 0.15) item += `\n${' '.repeat(marker.length + 1)}- ${this.sentence()}\n${' '.repeat(marker.length + 1)}- ${this.sentence()}`;
      if (ordered && this.r() < 0.12) item += '\n\n' + indent(this.code(this.int(2, 5)), marker.length + 1);
      return item;
    });
    return items.join(loose ? '\n\n' : '\n');
  }

  table(): string {
    const rows = Array.from({ length: this.int(2, 5) }, () => `| \`${this.pick(IDENTS)}\` | ${this.pick(WORDS)} ${this.pick(WORDS)} | ${this.int(1, 999)} ms |`);
    return ['| Name | What it does | Cost |', '|---|---|--:|', ...rows].join('\n');
  }

  quote(): string {
    return `> **Note:** ${this.sentence()}\n> ${this.sentence()}`;
  }

  code(lines = this.int(6, 24)): string {
    const lang = this.pick(['ts', 'ts', 'python', 'python', 'bash', 'json', 'go', 'rust', 'jsx', '', 'text']);
    const body: string[] = [];
    for (let i = 0; body.length < lines; i++) body.push(...this.codeLines(lang, i));
    return '```' + lang + '\n' + body.slice(0, Math.max(lines, 1)).join('\n') + '\n```';
  }

  private codeLines(lang: string, i: number): string[] {
    const id = this.pick(['cache', 'bucket', 'user', 'entry', 'tokens', 'result']);
    switch (lang) {
      case 'python':
        return this.r() < 0.2
          ? [`def load_${id}(key: str, *, timeout: float = 2.5) -> dict:`, `    """Return the ${id} for key.`, '', `    Raises KeyError when it is missing.`, '    """', `    return store[key]  # ${this.pick(WORDS)}`]
          : [`${id}_${i} = compute(${this.int(1, 99)}, "${this.pick(WORDS)}")`, `if ${id}_${i} is None:`, `    raise ValueError(f"no ${id} for {key!r}")`];
      case 'bash':
        return [`npm install --save ${this.pick(['undici', 'p-limit', 'zod'])}@${this.int(1, 9)}.${this.int(0, 20)}.0`, `export ${id.toUpperCase()}_TTL=${this.int(10, 600)}  # seconds`];
      case 'json':
        return [`{ "${id}": ${this.int(1, 999)}, "enabled": ${this.r() < 0.5}, "name": "${this.pick(WORDS)}" },`];
      case 'go':
        return [`func (c *Cache) ${cap(id)}(ctx context.Context, key string) (*Entry, error) {`, `\tif err := ctx.Err(); err != nil {`, '\t\treturn nil, err', '\t}', `\treturn c.entries[key], nil // ${this.pick(WORDS)}`, '}'];
      case 'rust':
        return [`pub fn ${id}(&mut self, key: &str) -> Result<&Entry, Error> {`, `    self.map.get(key).ok_or(Error::Missing(key.to_string()))`, '}'];
      case 'jsx':
        return [`export function ${cap(id)}View({ ${id} }) {`, '  return (', `    <div className="${id}">`, `      <span>{${id}.name}</span>`, '    </div>', '  );', '}'];
      case 'ts':
        return this.r() < 0.15
          ? ['/**', ` * ${this.sentence()}`, ' */', `const message = \`${this.pick(WORDS)} \${${id}.size}`, `  ${this.pick(WORDS)} entries\`;`]
          : [`const ${id}${i}: Map<string, number> = new Map(); // ${this.pick(WORDS)}`, `export async function get${cap(id)}(key: string): Promise<number | undefined> {`, `  return ${id}${i}.get(key) ?? (await load(key, { retries: ${this.int(1, 5)} }));`, '}'];
      default:
        return [`${this.pick(WORDS)} ${this.pick(WORDS)} = ${this.int(1, 99)}`];
    }
  }

  /** One block of an answer, weighted like real explanations. */
  block(): string {
    const x = this.r();
    if (x < 0.38) return this.paragraph();
    if (x < 0.5) return this.heading();
    if (x < 0.68) return this.list();
    if (x < 0.9) return this.code();
    if (x < 0.95) return this.table();
    if (x < 0.98) return this.quote();
    return '---';
  }

  /** An answer of at least `chars` characters. */
  answer(chars: number): string {
    const blocks = [this.paragraph()];
    let size = blocks[0].length;
    while (size < chars) {
      const b = this.block();
      blocks.push(b);
      size += b.length + 2;
    }
    return blocks.join('\n\n') + '\n';
  }
}

function indent(text: string, n: number): string {
  return text.split('\n').map((l) => (l ? ' '.repeat(n) + l : l)).join('\n');
}

function cap(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}
