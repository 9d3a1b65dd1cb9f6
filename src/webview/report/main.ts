/**
 * The cost report page: a webview editor tab. It builds its DOM from the host's report (validated first), never from
 * HTML strings: model and workspace names are untrusted text. Sorting the recent requests is local; filters, export,
 * copy and clear go to the host.
 */
import { type ReportData, type ReportFilter, type ReportRange } from '../../core/ledger/reportModel';
import { parseReportHostMessage, type ReportPageMessage } from '../../core/ledger/reportProtocol';
import { el } from '../dom';
import { vscodeApi } from '../vscodeApi';
import { costChart } from './chart';
import { modelTable, periodCards, plural, RECENT_PAGE, recentTable, unknownNote, type RecentSort } from './tables';

const RANGE_LABELS: Record<ReportRange, string> = { today: 'Today', '7d': 'Last 7 days', '30d': 'Last 30 days', month: 'This month', all: 'All time' };

const send = (m: ReportPageMessage) => vscodeApi().postMessage(m);

let data: ReportData | undefined;
let sort: RecentSort = { key: 'time', descending: true };

const notice = el('p', { class: 'notice', attrs: { role: 'status', 'aria-live': 'polite' } });
const content = el('main', { class: 'content' });

function select(name: string, label: string, options: Array<[string, string]>, value: string, onChange: (v: string) => void): HTMLElement {
  const s = el('select', { attrs: { 'data-filter': name, 'aria-label': label } }, ...options.map(([v, text]) => {
    const o = el('option', { text });
    o.value = v;
    return o;
  }));
  s.value = value;
  s.addEventListener('change', () => onChange(s.value));
  return el('label', { class: 'filter' }, el('span', { text: label }), s);
}

/** "" in a menu means all; any other value is a name from the ledger, sent back as is. */
function setFilter(change: Partial<ReportFilter>): void {
  if (!data) return;
  send({ type: 'filter', filter: { ...data.filter, ...change } });
}

function button(action: 'export-csv' | 'copy-markdown' | 'clear-history', text: string, secondary = false): HTMLButtonElement {
  const b = el('button', { class: secondary ? 'secondary' : '', text, attrs: { type: 'button', 'data-action': action } });
  b.addEventListener('click', () => send({ type: action }));
  return b;
}

function render(): void {
  if (!data) return;
  const d = data;
  const f = d.filter;
  const toolbar = el('div', { class: 'toolbar' },
    select('range', 'Range', Object.entries(RANGE_LABELS), f.range, (v) => setFilter({ range: v as ReportRange })),
    select('provider', 'Provider', [['', 'All providers'], ...d.options.providers.map((p): [string, string] => [p, p])], f.provider ?? '', (v) => setFilter({ provider: v || null })),
    select('workspace', 'Workspace', [['', 'All workspaces'], ...d.options.workspaces.map((w): [string, string] => [w, w])], f.workspace ?? '', (v) => setFilter({ workspace: v || null })),
    el('span', { class: 'spacer' }),
    button('export-csv', 'Export CSV'), button('copy-markdown', 'Copy as Markdown', true), button('clear-history', 'Clear history', true));

  const sections: Node[] = [toolbar, notice, periodCards(d.periods, d.today)];
  const unknown = unknownNote(d.selected);
  if (unknown) sections.push(unknown);
  if (d.selected.estimated || d.periods.allTime.estimated) {
    sections.push(el('p', { class: 'note', text: '* includes estimated tokens: the provider sent no usage (e.g. a stopped answer), so they were counted with a tokenizer.' }));
  }
  sections.push(
    el('section', { class: 'block', attrs: { 'aria-label': 'Cost per day' } }, el('h2', { text: 'Cost per day, last 30 days' }), costChart(d.chart)),
    el('section', { class: 'block', attrs: { 'aria-label': 'By model' } }, el('h2', { text: `By model · ${RANGE_LABELS[f.range]}` }), modelTable(d.models)),
  );
  const shown = d.recent.length;
  const recentHead = el('h2', { text: `Recent requests · ${RANGE_LABELS[f.range]}` });
  const recentNote = el('p', { class: 'muted', text: d.selected.requests > shown ? `The newest ${plural(shown, 'request')} of ${d.selected.requests.toLocaleString('en-US')} (export for all).` : plural(shown, 'request') });
  const recentBox = el('div', { class: 'table-box' });
  let limit = RECENT_PAGE;
  const drawRecent = () => {
    const table = recentTable(d.recent, sort, (key) => {
      sort = { key, descending: sort.key === key ? !sort.descending : key === 'time' || key === 'cost' };
      drawRecent();
      recentBox.querySelector<HTMLButtonElement>(`button[data-sort="${key}"]`)?.focus();
    }, limit);
    const more = Math.min(RECENT_PAGE, d.recent.length - limit);
    if (more <= 0) return recentBox.replaceChildren(table);
    const button = el('button', { class: 'secondary show-more', text: `Show ${more} more (${plural(limit, 'request')} of ${d.recent.length.toLocaleString('en-US')} shown)`, attrs: { type: 'button', 'data-role': 'show-more' } });
    button.addEventListener('click', () => {
      const firstNew = limit;
      limit += RECENT_PAGE;
      drawRecent();
      // Keyboard users land on the first row that was added.
      recentBox.querySelectorAll<HTMLElement>('table.recent tbody tr')[firstNew]?.querySelector<HTMLElement>('td')?.setAttribute('tabindex', '-1');
      recentBox.querySelectorAll<HTMLElement>('table.recent tbody tr')[firstNew]?.querySelector<HTMLElement>('td')?.focus();
    });
    recentBox.replaceChildren(table, button);
  };
  drawRecent();
  sections.push(el('section', { class: 'block', attrs: { 'aria-label': 'Recent requests' } }, recentHead, recentNote, recentBox));
  content.replaceChildren(...sections);
}

window.addEventListener('message', (event: MessageEvent) => {
  // Marks (a few bytes each) let bench:ledger split the page's time into validating and drawing.
  const start = performance.now();
  const m = parseReportHostMessage(event.data);
  if (!m) return; // not a valid report message: dropped
  if (m.type === 'notice') {
    notice.textContent = m.text;
    return;
  }
  const validated = performance.now();
  data = m.data;
  render();
  document.body.dataset.ready = 'true';
  performance.measure('report:validate', { start, end: validated });
  performance.measure('report:draw', { start: validated, end: performance.now() });
});

document.body.appendChild(el('div', { class: 'report' }, el('h1', { text: 'Stream Explain — cost report' }), content));
content.appendChild(el('p', { class: 'muted', text: 'Reading the cost ledger…' }));
send({ type: 'ready' });
