/** How bench:render (render.ts) and its A/B report (renderAb.ts) print figures and tables. */

/** Milliseconds with as many decimals as their size warrants; '–' for an unknown figure. */
export const fmt = (ms: number) => (Number.isNaN(ms) ? '–' : ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));

/** `a / b` as "1.5×" with `digits` decimals; '–' when either is unknown or `b` is not positive. */
export const ratioOf = (a: number, b: number, digits: number) => (b > 0 && !Number.isNaN(a) ? `${(a / b).toFixed(digits)}×` : '–');

/** A run's delivery: as fast as the page takes it, or a rate. */
export const delivery = (rate: 'max' | number) => (rate === 'max' ? 'max speed' : `${rate} tok/s`);

/** A plain-text table: the first two columns (answer length, delivery) left-aligned, the figures right-aligned. */
export function grid(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
