import { fixedOffsetCalendar, shiftDay } from '../../src/core/ledger/calendar';
import { LEDGER_SCHEMA, type LedgerRecord } from '../../src/core/ledger/record';

/** Model names that try to be markup; the CSV one also needs quoting (comma, quotes). */
export const XSS_MODEL = '<img src=x onerror="window.__xss=1">';
export const CSV_MODEL = 'evil, "quoted" <script>window.__xss=2</script>';

export const CALENDAR = fixedOffsetCalendar(0);
/** 2026-12-15 18:00 UTC. */
export const NOW = Date.parse('2026-12-15T18:00:00Z');
export const TODAY = '2026-12-15';

const MODELS: Array<[string, string]> = [
  ['openai', 'gpt-4o-mini'], ['anthropic', 'claude-sonnet-4'], ['openai', XSS_MODEL], ['anthropic', CSV_MODEL], ['openai', 'my-local'],
];

/**
 * 90 days of requests ending today: day d (0 = 89 days ago) has 1 + d % 4 requests; request i uses model i % 5
 * ("my-local" has no price), every 7th is stopped with estimated tokens, workspaces alternate.
 */
export function ninetyDays(): LedgerRecord[] {
  const out: LedgerRecord[] = [];
  let i = 0;
  for (let d = 0; d < 90; d++) {
    const day = shiftDay(TODAY, d - 89);
    for (let k = 0; k < 1 + (d % 4); k++, i++) {
      const [provider, model] = MODELS[i % MODELS.length];
      const input = 1000 + 37 * i;
      const output = 100 + 11 * i;
      out.push({
        schema: LEDGER_SCHEMA, time: `${day}T${String(8 + k).padStart(2, '0')}:00:00.000Z`, workspace: i % 2 ? 'web-app' : 'api',
        conversationId: `c${i >> 2}`, turnId: `t${i}`, provider, model, inputTokens: input, cacheReadTokens: i % 3 ? 0 : 500,
        cacheWriteTokens: 0, outputTokens: output, reasoningTokens: 0, estimated: i % 7 === 0,
        cost: model === 'my-local' ? 'unknown' : (input * 2 + output * 8) / 1e6, ttftMs: 200 + i, durationMs: 3000 + i,
        tokensPerSecond: 40 + (i % 20), finish: i % 7 === 0 ? 'stopped' : 'done',
      });
    }
  }
  return out;
}
