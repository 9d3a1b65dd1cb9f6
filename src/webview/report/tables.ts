import { formatMs, formatRate } from '../../core/format';
import { recordCostText, totalsCostText } from '../../core/ledger/costText';
import type { LedgerTotals, ModelRow, PeriodTotals } from '../../core/ledger/queries';
import type { LedgerRecord } from '../../core/ledger/record';
import { el } from '../dom';

const n = (v: number) => v.toLocaleString('en-US');
const plural = (k: number, what: string) => `${n(k)} ${what}${k === 1 ? '' : 's'}`;

/**
 * A cost as the report shows it: priced spend, "*" when it includes estimated tokens; unpriced and plan-covered
 * requests are never folded into the figure.
 */
export const costText = totalsCostText;

function costCell(t: LedgerTotals): HTMLTableCellElement {
  const td = el('td', { class: 'num cost', text: costText(t) });
  const notes: string[] = [];
  if (t.estimated) notes.push(`${plural(t.estimated, 'request')} with estimated tokens`);
  if (t.unknownPrice.requests && t.unknownPrice.requests < t.requests) notes.push(`${plural(t.unknownPrice.requests, 'request')} with price unknown, not counted`);
  if (t.includedInPlan && t.includedInPlan < t.requests) notes.push(`${plural(t.includedInPlan, 'request')} included in a plan`);
  if (t.local && t.local < t.requests) notes.push(`${plural(t.local, 'request')} on a local model (free)`);
  if (notes.length) td.title = notes.join('; ');
  if (t.estimated) td.classList.add('estimated');
  return td;
}

/** Today / last 7 days / this month / all time, each a card. */
export function periodCards(p: PeriodTotals, today: string): HTMLElement {
  const cards: Array<[string, string, LedgerTotals]> = [
    ['today', `Today (${today})`, p.today], ['week', 'Last 7 days', p.last7Days], ['month', `This month (${today.slice(0, 7)})`, p.thisMonth], ['all', 'All time', p.allTime],
  ];
  return el('div', { class: 'cards' }, ...cards.map(([key, label, t]) =>
    el('section', { class: 'card', attrs: { 'data-period': key, 'aria-label': label } },
      el('div', { class: 'card-label', text: label }),
      el('div', { class: `card-cost${t.estimated ? ' estimated' : ''}`, text: costText(t) }),
      el('div', { class: 'card-detail', text: `${plural(t.requests, 'request')} · ${n(t.inputTokens)} in / ${n(t.outputTokens)} out tokens` +
        (t.unknownPrice.requests ? ` · ${n(t.unknownPrice.requests)} unpriced` : '') }))));
}

/** Requests whose model has no known price: counted apart and named, never guessed. */
export function unknownNote(t: LedgerTotals): HTMLElement | undefined {
  if (!t.unknownPrice.requests) return undefined;
  return el('p', { class: 'note unknown-note', text: `Price unknown for ${plural(t.unknownPrice.requests, 'request')}, not included in the costs: ${t.unknownPrice.models.join(', ')}. Set a price in the streamExplain.prices setting.` });
}

function table(headers: Array<[string, boolean]>, rows: HTMLTableRowElement[], cls: string): HTMLTableElement {
  return el('table', { class: cls },
    el('thead', {}, el('tr', {}, ...headers.map(([h, num]) => el('th', { class: num ? 'num' : '', text: h, attrs: { scope: 'col' } })))),
    el('tbody', {}, ...rows));
}

/** The model's name, and "your price" when some of its requests were priced from the user's settings. */
function modelCell(r: ModelRow): HTMLElement {
  const td = el('td', { class: 'model', text: r.model });
  if (r.userPriced) {
    const all = r.userPriced === r.requests;
    td.append(el('span', { class: 'price-source', text: all ? ' · your price' : ` · your price (${n(r.userPriced)} of ${n(r.requests)})`,
      attrs: { 'data-role': 'price-source', title: 'Priced from your streamExplain.prices setting, not the built-in table' } }));
  }
  return td;
}

export function modelTable(rows: ModelRow[]): HTMLElement {
  if (!rows.length) return el('p', { class: 'muted', text: 'No requests in this selection.' });
  const headers: Array<[string, boolean]> = [['Provider', false], ['Model', false], ['Requests', true], ['Input', true], ['Cache read', true], ['Cache write', true],
    ['Output', true], ['Reasoning', true], ['Cost', true], ['Median TTFT', true], ['Median tok/s', true]];
  return table(headers, rows.map((r) => {
    const tr = el('tr', { attrs: { 'data-model': `${r.provider}/${r.model}` } },
      el('td', { text: r.provider }), modelCell(r), el('td', { class: 'num', text: n(r.requests) }),
      el('td', { class: 'num', text: n(r.inputTokens) }), el('td', { class: 'num', text: n(r.cacheReadTokens) }), el('td', { class: 'num', text: n(r.cacheWriteTokens) }),
      el('td', { class: 'num', text: n(r.outputTokens) }), el('td', { class: 'num', text: n(r.reasoningTokens) }));
    tr.appendChild(costCell(r));
    tr.appendChild(el('td', { class: 'num', text: formatMs(r.medianTtftMs) }));
    tr.appendChild(el('td', { class: 'num', text: formatRate(r.medianTokensPerSecond) }));
    return tr;
  }), 'models');
}

/** The recent-requests table's columns and how each sorts. */
export const RECENT_COLUMNS = [
  { key: 'time', label: 'Time', num: false, value: (r: LedgerRecord) => r.time },
  { key: 'workspace', label: 'Workspace', num: false, value: (r: LedgerRecord) => r.workspace },
  { key: 'model', label: 'Model', num: false, value: (r: LedgerRecord) => `${r.provider}/${r.model}` },
  { key: 'finish', label: 'Finish', num: false, value: (r: LedgerRecord) => r.finish },
  { key: 'input', label: 'Input', num: true, value: (r: LedgerRecord) => r.inputTokens },
  { key: 'cached', label: 'Cached', num: true, value: (r: LedgerRecord) => r.cacheReadTokens },
  { key: 'output', label: 'Output', num: true, value: (r: LedgerRecord) => r.outputTokens },
  { key: 'cost', label: 'Cost', num: true, value: (r: LedgerRecord) => (typeof r.cost === 'number' ? r.cost : -1) },
  { key: 'ttft', label: 'TTFT', num: true, value: (r: LedgerRecord) => r.ttftMs ?? -1 },
  { key: 'speed', label: 'tok/s', num: true, value: (r: LedgerRecord) => r.tokensPerSecond ?? -1 },
] as const;
export type RecentKey = (typeof RECENT_COLUMNS)[number]['key'];

export interface RecentSort {
  key: RecentKey;
  descending: boolean;
}

export function sortRecent(records: readonly LedgerRecord[], sort: RecentSort): LedgerRecord[] {
  const col = RECENT_COLUMNS.find((c) => c.key === sort.key) ?? RECENT_COLUMNS[0];
  const dir = sort.descending ? -1 : 1;
  // Stable: equal values keep the newest-first order they came in.
  return records.map((r, i) => ({ r, i, v: col.value(r) })).sort((a, b) => (a.v < b.v ? -dir : a.v > b.v ? dir : a.i - b.i)).map((x) => x.r);
}

const localTime = (iso: string) => {
  const d = new Date(iso);
  const p = (k: number) => String(k).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
};

/** Rows drawn at first, and added per "Show more": a 200-row table costs the first paint several times more. */
export const RECENT_PAGE = 50;

/**
 * Newest first by default; a header click sorts by that column (all the requests received, not only those drawn), a
 * second click reverses it. Only the first `limit` rows of that order are drawn.
 */
export function recentTable(records: readonly LedgerRecord[], sort: RecentSort, onSort: (key: RecentKey) => void, limit = RECENT_PAGE): HTMLElement {
  if (!records.length) return el('p', { class: 'muted', text: 'No requests in this selection.' });
  const head = el('tr', {}, ...RECENT_COLUMNS.map((c) => {
    const active = c.key === sort.key;
    const button = el('button', { class: 'sort', text: c.label, attrs: { type: 'button', 'data-sort': c.key } });
    button.addEventListener('click', () => onSort(c.key));
    return el('th', { class: c.num ? 'num' : '', attrs: { scope: 'col', 'aria-sort': active ? (sort.descending ? 'descending' : 'ascending') : 'none' } }, button);
  }));
  const rows = sortRecent(records, sort).slice(0, limit).map((r) => {
    const est = r.estimated ? ' estimated' : '';
    return el('tr', { attrs: { 'data-turn': r.turnId } },
      el('td', { text: localTime(r.time) }), el('td', { text: r.workspace }), el('td', { class: 'model', text: `${r.provider}/${r.model}` }),
      el('td', { text: r.finish }),
      el('td', { class: `num${est}`, text: `${n(r.inputTokens)}${r.estimated ? '*' : ''}` }), el('td', { class: 'num', text: n(r.cacheReadTokens) }),
      el('td', { class: `num${est}`, text: `${n(r.outputTokens)}${r.estimated ? '*' : ''}` }),
      el('td', { class: `num cost${est}`, text: recordCostText(r) }), el('td', { class: 'num', text: formatMs(r.ttftMs) }),
      el('td', { class: 'num', text: formatRate(r.tokensPerSecond) }));
  });
  return el('table', { class: 'recent' }, el('thead', {}, head), el('tbody', {}, ...rows));
}

export { plural };
