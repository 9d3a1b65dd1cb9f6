import type { ChartData } from '../../core/ledger/reportModel';
import { formatCost } from '../../core/format';
import { el } from '../dom';

const SVG = 'http://www.w3.org/2000/svg';
const W = 640;
const H = 220;
const PAD = { left: 56, right: 8, top: 8, bottom: 24 };

/** SVG elements with attributes and text only (never markup), so model names stay text. */
function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A round axis maximum at or above `max`: 1, 2 or 5 times a power of ten. */
export function niceMax(max: number): number {
  if (!(max > 0)) return 0.01;
  const p = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((m) => m * p).find((v) => v >= max) ?? 10 * p;
}

/**
 * Cost per day for the last 30 days, stacked by model. Drawn here, from the data, in about a hundred lines: a charting
 * library would add 40–200 KB minified to a page whose whole bundle is smaller than that, for one bar chart. Colours
 * are classes (series-0…) mapped to VS Code's chart theme colours in report.css, so every theme colours it.
 */
export function costChart(data: ChartData): HTMLElement {
  const totals = data.days.map((_, i) => data.series.reduce((s, layer) => s + layer.costs[i], 0));
  const top = niceMax(Math.max(0, ...totals));
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const slot = innerW / Math.max(1, data.days.length);
  const barW = Math.max(1, slot * 0.7);
  const y = (v: number) => PAD.top + innerH - (v / top) * innerH;
  const total = totals.reduce((a, b) => a + b, 0);

  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': `Cost per day, last ${data.days.length} days, stacked by model: ${formatCost(total)} in all` });
  for (const f of [0, 0.5, 1]) {
    root.appendChild(svg('line', { x1: PAD.left, x2: W - PAD.right, y1: y(top * f), y2: y(top * f), class: 'grid' }));
    root.appendChild(svg('text', { x: PAD.left - 6, y: y(top * f) + 4, class: 'axis', 'text-anchor': 'end' }, formatCost(top * f)));
  }
  data.days.forEach((day, i) => {
    const x = PAD.left + i * slot + (slot - barW) / 2;
    let base = 0;
    data.series.forEach((layer, s) => {
      const v = layer.costs[i];
      if (!(v > 0)) return;
      const rect = svg('rect', { x: x.toFixed(2), y: y(base + v).toFixed(2), width: barW.toFixed(2), height: (y(base) - y(base + v)).toFixed(2), class: `bar series-${s}`, 'data-day': day, 'data-model': layer.model });
      rect.appendChild(svg('title', {}, `${day} · ${layer.model}: ${formatCost(v)}`));
      root.appendChild(rect);
      base += v;
    });
    if (i % 5 === (data.days.length - 1) % 5) {
      root.appendChild(svg('text', { x: (x + barW / 2).toFixed(2), y: H - 6, class: 'axis', 'text-anchor': 'middle' }, day.slice(5)));
    }
  });

  const legend = el('ul', { class: 'legend' });
  data.series.forEach((layer, s) => {
    const sum = layer.costs.reduce((a, b) => a + b, 0);
    legend.appendChild(el('li', {}, el('span', { class: `swatch series-${s}`, attrs: { 'aria-hidden': 'true' } }), el('span', { class: 'legend-name', text: layer.model }), el('span', { class: 'legend-cost', text: formatCost(sum) })));
  });
  const figure = el('figure', { class: 'chart-box' });
  figure.appendChild(root);
  figure.appendChild(data.series.length ? legend : el('p', { class: 'muted', text: 'No priced requests in the last 30 days.' }));
  return figure;
}
