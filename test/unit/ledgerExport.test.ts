import * as assert from 'node:assert/strict';
import { CSV_COLUMNS, csvField, toCsv } from '../../src/core/ledger/csv';
import { costReportMarkdown, mdCell, recordsMarkdown } from '../../src/core/ledger/markdown';
import { NOW, NY, rec, WEEK } from './ledgerFixtures';

/** A strict RFC 4180 reader (CRLF records, quoted fields with doubled quotes), to read the export back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (text[i] === '"' && text[i + 1] === '"') { field += '"'; i += 2; }
        else if (text[i] === '"') { i++; break; }
        else if (i >= text.length) throw new Error('unterminated quote');
        else field += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r') {
        if (text[i] === '"' || text[i] === '\n') throw new Error(`bare ${JSON.stringify(text[i])} in an unquoted field at ${i}`);
        field += text[i++];
      }
    }
    row.push(field);
    if (text[i] === ',') i++;
    else if (text.startsWith('\r\n', i)) { rows.push(row); row = []; i += 2; }
    else throw new Error(`expected , or CRLF at ${i}`);
  }
  return rows;
}

describe('Cost ledger exports', () => {
  it('CSV quotes fields holding commas, quotes, CR or LF, doubles the quotes, and ends lines with CRLF', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField('cr\rhere'), '"cr\rhere"');
    assert.equal(csvField(null), '');
    const r = rec({ model: 'ft:gpt-4o-mini:acme,"eu"\r\nv2', workspace: 'my, "repo"', cost: 'unknown', ttftMs: null });
    const csv = toCsv([r]);
    assert.equal(csv.split('\r\n')[0], 'time,workspace,conversationId,turnId,provider,model,inputTokens,cacheReadTokens,cacheWriteTokens,outputTokens,reasoningTokens,estimated,cost,costBasis,priceSource,ttftMs,thinkingTtftMs,durationMs,tokensPerSecond,finish,schema');
    assert.equal(csv.slice(csv.indexOf('\r\n') + 2),
      '2026-11-15T12:00:00.000Z,"my, ""repo""",c1,t1,openai,"ft:gpt-4o-mini:acme,""eu""\r\nv2",100,0,0,50,0,false,unknown,,,,,2000,30,done,1\r\n');
  });

  it('CSV has every field of every record, one row per request, and reads back to the same values', () => {
    assert.deepEqual([...CSV_COLUMNS].sort(), Object.keys(rec({ costBasis: 'local', thinkingTtftMs: 120, priceSource: 'settings' })).sort(), 'every field of the record is a column');
    const tricky = [...WEEK, rec({ turnId: 'q', model: 'a "b", c\nd', workspace: ',', cost: 0.5 })];
    const rows = parseCsv(toCsv(tricky));
    assert.equal(rows.length, tricky.length + 1);
    rows.slice(1).forEach((row, i) => {
      const r = tricky[i];
      const expected = CSV_COLUMNS.map((c) => (r[c] === null || r[c] === undefined ? '' : String(r[c])));
      assert.deepEqual(row, expected, `row ${i + 1}`);
    });
  });

  it('Markdown cells cannot break the table or add markup', () => {
    assert.equal(mdCell('a|b\nc **d** <img> `e`'), 'a\\|b c \\*\\*d\\*\\* \\<img\\> \\`e\\`');
    const md = recordsMarkdown([rec({ model: 'evil | model\n| injected | row |' })]);
    const lines = md.trimEnd().split('\n');
    assert.equal(lines.length, 3, 'header, rule, one row');
    assert.equal(lines[2].split(/(?<!\\)\|/).length, lines[0].split('|').length, 'the row has as many cells as the header');
  });

  it('the Markdown export lists every request, estimated figures starred, cost unknown and plan-covered named', () => {
    const md = recordsMarkdown(WEEK);
    assert.equal(md.trimEnd().split('\n').length, 2 + WEEK.length);
    assert.match(md, /\| 2026-12-01T06:00:00Z \| other \| anthropic \| claude-sonnet-4 \| stopped \| 800\* \| 0 \| 0 \| 100\* \| 0 \| \$0\.0040\* \| 700 ms \| 20\.0 \|/);
    assert.match(md, /\| openai \| my-local \| done \| 500 \| 0 \| 0 \| 50 \| 0 \| price unknown \| – \| – \|/);
    assert.match(md, /\| vscode-lm \| copilot-gpt \| done \| 300 \| .* \| included in plan \|/);
  });

  it('the cost report: totals today / 7 days / month / all time and a row per model, from hand-computed figures', () => {
    const md = costReportMarkdown(WEEK, NOW, NY);
    assert.match(md, /^# Stream Explain — cost report\n/);
    assert.match(md, /\| Today \(2026-12-02\) \| 1 \| 600 \| 0 \| 0 \| 150 \| \$0\.0030 \|/);
    assert.match(md, /\| Last 7 days \| 5 \| 4,900 \| 1,500 \| 0 \| 900 \| \$0\.0190\* \+ 1 unknown \|/);
    assert.match(md, /\| This month \(2026-12\) \| 3 \| 2,400 \| 0 \| 0 \| 450 \| \$0\.0090\* \|/);
    assert.match(md, /\| All time \| 7 \| 5,600 \| 1,500 \| 0 \| 1,030 \| \$0\.0200\* \+ 1 unknown \|/);
    assert.match(md, /Price unknown for 1 request, not in the cost: openai\/my-local\./);
    assert.match(md, /1 request was included in a plan/);
    assert.match(md, /\| anthropic \| claude-sonnet-4 \| 2 \| 2,800 \| 1,500 \| 0 \| 500 \| 0 \| \$0\.0140\* \| 600 ms \| 40\.0 \|/);
    assert.match(md, /\| openai \| gpt-4o-mini \| 3 \| 2,000 \| 0 \| 0 \| 450 \| 0 \| \$0\.0060 \| 250 ms \| 45\.0 \|/);
    assert.match(md, /\| openai \| my-local \| 1 \| 500 \| 0 \| 0 \| 50 \| 0 \| price unknown \| – \| – \|/);
    assert.match(md, /\| vscode-lm \| copilot-gpt \| 1 \| 300 \| 0 \| 0 \| 30 \| 0 \| included in plan \| 200 ms \| 80\.0 \|/);
    assert.match(costReportMarkdown([], NOW, NY), /No requests recorded yet\./);
  });
});
