/**
 * npm run bench:latency — provider write → text on screen, in the real VS Code (code-server 4.100.3 + Chromium).
 *
 * One code-server with the development build of the extension (dist/, built by the npm script), one browser. The
 * local provider server streams scripted answers at 10, 40 and 200 tokens/s and in a burst, in the OpenAI and the
 * Anthropic wire format, and stamps the moment it writes each token (test/server: onChunk). Each answer is asked from
 * the panel's question box, in a new chat. A recorder injected into the browser's frames (recorder.ts; none of it is
 * in the extension) notes when the panel's answer shows each length, after the frame that shows it; stats.ts matches
 * the two. The same streams also go through two floors: vscode-floor (vscodeFloor/: the simplest extension, a bare SDK
 * loop posting each delta to a plain-text webview view, in its own code-server: what any extension pays in
 * code-server) and the floor (floor.ts: a bare SDK loop into a plain-text page outside VS Code).
 *
 * Flags: --quick (shorter answers, one repetition), --smoke (OpenAI, 40 tok/s, one short answer: checks the bench
 * runs), --providers openai,anthropic, --rates 10,40,200,burst, --reps N, --no-floor, --no-vscode-floor, --no-save, --dump FILE (raw
 * stamps), --ab DIR (A/B: also the extension built in DIR, e.g. an export of an earlier commit with `npm run build`
 * run in it, its runs interleaved with this checkout's and printed as "A: panel"; --ab-settings JSON: settings for the
 * A window alone, e.g. `--ab . --ab-settings '{"remote.autoForwardPorts":false}'`), --trace DIR (a Chromium trace of
 * each panel and vscode-floor run saved in DIR, its long tasks printed: trace.ts), --profile DIR (a CPU profile of the
 * browser's renderer during each panel and vscode-floor run, summarised by area: pageProfile.ts), --host-profile DIR (a
 * CPU profile and the garbage collections of each session's extension host during each run: hostProfile.ts), --split (also stamp
 * when the workbench receives each delta's WebSocket frame: write → workbench beside write → page), --vscode-floor-paced (the vscode-floor
 * posts through the panel's own pacing, DeltaCoalescer and PanelWindow, printed as "vscode-floor, paced"), --no-warm-up (skip
 * each window's first answer, which is otherwise run first and printed apart as "…, warm-up").
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { startProviderServer, type ChunkStamp, type Scenario } from '../../test/server/providerServer';
import { loadDriver, panel } from '../../test/e2e/ui/workbench';
import { inTurn } from '../order';
import { saveResult, teeConsole } from '../results';
import { latencyAnswer } from './answer';
import { floorRun, openFloorPage } from './floor';
import { FLUSH, type VisibleRecord } from './recorder';
import { startPageProfile } from './pageProfile';
import { openSession, type Session } from './session';
import { FRAME_MS, match, summarize, type Summary } from './stats';
import { printAgainstFloor, printLateStages, printTable } from './table';
import { startTrace } from './trace';
import { describeGcs, startHostProfile } from './hostProfile';
import { buildVscodeFloor } from './vscodeFloor/build';
import { vscodeFloorAsk, vscodeFloorSession, vscodeFloorSettings } from './vscodeFloorRun';

type Wire = 'openai' | 'anthropic';
type Rate = number | 'burst';

const ROOT = path.join(__dirname, '..', '..');
/** Each window's first answer (rep 0, not pooled with the measured runs): a model's pace, five seconds. */
const WARM_UP_RATES: Rate[] = [40];
const WARM_UP_TOKENS = 200;

function options() {
  const argv = process.argv.slice(2);
  const value = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const smoke = argv.includes('--smoke');
  const quick = argv.includes('--quick');
  const providers = (value('--providers') ?? (smoke ? 'openai' : 'openai,anthropic')).split(',') as Wire[];
  const rates: Rate[] = (value('--rates') ?? (smoke ? '40' : '10,40,200,burst')).split(',').map((r) => (r === 'burst' ? 'burst' : Number(r)));
  const reps = Number(value('--reps') ?? (quick || smoke ? 1 : 2));
  // Answers long enough for a p99 at each pace, short enough to keep a full run to a few minutes.
  const tokens = (rate: Rate) => (smoke ? 20 : rate === 'burst' ? (quick ? 300 : 600) : Math.round(Math.min(600, rate * (quick ? 4 : 10))));
  return { smoke, quick, providers, rates, reps, tokens, floor: !argv.includes('--no-floor'), vscodeFloor: !argv.includes('--no-vscode-floor'), vscodeFloorPaced: argv.includes('--vscode-floor-paced'), ab: value('--ab'), abSettings: JSON.parse(value('--ab-settings') ?? '{}') as Record<string, unknown>, trace: value('--trace'), profile: value('--profile'), hostProfile: value('--host-profile'), split: argv.includes('--split'), warmUp: !smoke && !argv.includes('--no-warm-up') };
}

export interface RunResult extends Summary {
  /** 'panel', 'vscode-floor', 'floor', or 'A: panel' (the --ab build). */
  target: string;
  provider: Wire;
  rate: Rate;
  rep: number;
  tokens: number;
  firstMs: number;
  missing: number;
  regressions: number;
  latencies: number[];
  /** Provider write → the delta message reached the page (before any rendering). */
  arrival: Summary;
  arrivalLatencies: number[];
  /** Provider write → the workbench received the WebSocket frame carrying it (with --split; empty for the floor). */
  socket: Summary;
  socketLatencies: number[];
}

async function main(): Promise<void> {
  const opts = options();
  const printed = teeConsole();
  const loadAtStart = os.loadavg();
  const driver = await loadDriver();
  const stamps: ChunkStamp[] = [];
  const visible: VisibleRecord[] = [];
  const provider = await startProviderServer({ onChunk: (s) => stamps.push(s) });
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'stream-explain-latency-'));
  const settings = (wire: Wire) => ({
    'streamExplain.provider': wire,
    'streamExplain.openai.baseUrl': provider.openaiBaseUrl,
    'streamExplain.openai.model': 'gpt-4o-mini',
    'streamExplain.anthropic.baseUrl': provider.anthropicBaseUrl,
    'streamExplain.anthropic.model': 'claude-sonnet-4-20250514',
    'typescript.tsserver.useSyntaxServer': 'always',
    'editor.minimap.enabled': false,
  });
  const results: RunResult[] = [];
  // The extensions compared: this checkout, and with --ab DIR another checkout's build (dist/) streaming the same
  // answers in turn, run for run, so both see the same load.
  // --ab-settings JSON: VS Code settings for the A build's window alone (with `--ab .`, the same build under other settings).
  const variants = [{ label: 'panel', dir: ROOT, extra: {} }, ...(opts.ab ? [{ label: 'A: panel', dir: path.resolve(opts.ab), extra: opts.abSettings }] : [])];
  const floorExtension = opts.vscodeFloor ? await buildVscodeFloor() : undefined;

  /** One measured answer in `session`: `ask` starts it and resolves with its turn id once its last text is shown. */
  const measure = async (session: Session, wire: Wire, rate: Rate, rep: number, scenario: Scenario, ask: () => Promise<string>) => {
    stamps.length = 0;
    visible.length = 0;
    const requestsBefore = provider.requests.length;
    provider.enqueue(scenario);
    const run = `${session.label.replace(/\W+/g, '')}-${wire}-${rate}-${rep}`;
    const endTrace = opts.trace ? await startTrace(session.page, path.join(opts.trace, `${run}.json`)) : undefined;
    const endProfile = opts.profile ? await startPageProfile(session.page, path.join(opts.profile, `${run}.cpuprofile`)) : undefined;
    const endHost = opts.hostProfile && session.inspect ? await startHostProfile(session.inspect, path.join(opts.hostProfile, `${run}.cpuprofile`)) : undefined;
    const id = await ask();
    await session.page.waitForTimeout(300); // the last frames
    await drainRecorder(session.page);
    await endTrace?.();
    await endProfile?.();
    const gcs = await endHost?.();
    if (gcs) console.log(`${run}: extension host ${describeGcs(gcs)}`);
    const request = provider.requests[requestsBefore];
    if (request?.wire !== wire) throw new Error(`${session.label}'s request went to ${request?.wire ?? 'nowhere'}, not ${wire}`);
    const ofTurn = visible.filter((r) => r.id === id);
    frames = visible.filter((r) => r.kind === 'frame');
    results.push(result(rep === 0 ? `${session.label}, warm-up` : session.label, wire, rate, rep, stamps.slice(), ofTurn.filter((r) => r.kind === 'shown'), ofTurn.filter((r) => r.kind === 'arrived'), ofTurn.filter((r) => r.kind === 'socket')));
    return id;
  };

  try {
    // One code-server per provider (and variant, and the vscode floor), the provider set before it starts: a settings
    // file changed under a running code-server did not reach the extension.
    for (const wire of opts.providers) {
      const panels: Session[] = [];
      let vscodeFloor: Session | undefined;
      try {
        for (const v of variants) {
          panels.push(await openSession(driver, { label: v.label, dir: v.dir, activity: 'Stream Explain', loaded: '[data-role=ask-input]' }, workspace, { ...settings(wire), ...v.extra }, visible, opts.split, !!opts.hostProfile));
        }
        if (floorExtension) vscodeFloor = await openSession(driver, vscodeFloorSession(floorExtension.dir, opts.vscodeFloorPaced), workspace, vscodeFloorSettings(settings(wire), opts.vscodeFloorPaced), visible, opts.split, !!opts.hostProfile);
        const floor = opts.floor ? await openFloorPage(panels[0].browser) : undefined;
        let floorTurn = '';
        // Rep 0 is each window's first answer, printed apart as a warm-up: in its first seconds the workbench starts
        // workers and compiles lazily (a trace showed a worker's module evaluated for 67 ms and 30 ms layouts during
        // a window's first answer), which a user pays once per window, not per answer.
        for (let rep = opts.warmUp ? 0 : 1; rep <= opts.reps; rep++) {
          for (const rate of rep === 0 ? WARM_UP_RATES : opts.rates) {
            const text = latencyAnswer(rep === 0 ? WARM_UP_TOKENS : opts.tokens(rate), rep * 31 + (rate === 'burst' ? 0 : rate));
            const scenario = { kind: 'script' as const, text, tokensPerSecond: rate === 'burst' ? undefined : rate, ttftMs: 100 };
            for (const session of inTurn(panels, rep)) {
              // The panel: a new chat, then the question typed into the panel and sent with Enter.
              await session.page.bringToFront();
              await newChat(session.page, driver.runCommandFromPalette);
              const input = session.view.locator('[data-role=ask-input]');
              await input.fill(`Latency run ${rep}: ${rate} tok/s`);
              await measure(session, wire, rate, rep, scenario, async () => {
                await input.press('Enter');
                const turn = session.view.locator('[data-turn-id]').last();
                await turn.and(session.view.locator(':not([data-state=streaming])')).waitFor({ state: 'attached' });
                return (await turn.getAttribute('data-turn-id')) ?? '';
              });
            }
            if (vscodeFloor) {
              const s = vscodeFloor;
              await s.page.bringToFront();
              floorTurn = await measure(s, wire, rate, rep, scenario, () => vscodeFloorAsk(s, driver.runCommandFromPalette, floorTurn));
            }
            if (floor) {
              stamps.length = 0;
              visible.length = 0;
              provider.enqueue(scenario);
              await floor.page.bringToFront();
              await floorRun(floor, provider, wire, `floor-${rep}-${wire}-${rate}`);
              await floor.page.waitForTimeout(300);
              await drainRecorder(floor.page);
              const shown = visible.filter((r) => r.kind === 'shown');
              const last = shown.at(-1)?.id;
              results.push(result(rep === 0 ? 'floor, warm-up' : 'floor', wire, rate, rep, stamps.slice(), shown.filter((r) => r.id === last), visible.filter((r) => r.kind === 'arrived'), []));
            }
          }
        }
      } finally {
        for (const session of panels) await session.close();
        await vscodeFloor?.close();
      }
    }
  } finally {
    await provider.close();
    floorExtension?.dispose();
    fs.rmSync(workspace, { recursive: true, force: true });
  }

  const loadAtEnd = os.loadavg();
  console.log(`\nProvider write → text visible after its frame, ms (frame budget ${FRAME_MS.toFixed(1)} ms). Load average ${loadAtStart[0].toFixed(1)} at the start, ${loadAtEnd[0].toFixed(1)} at the end, ${os.cpus().length} cores.`);
  printTable(results);
  console.log(`\nTokens more than two frames late: each stage's share of their summed latency (how many spent most of it there).`);
  printLateStages(results);
  printAgainstFloor(results, `\nAgainst the paced floor of the same provider and rate (ms; late: tokens more than two frames late).`);
  // A smoke run only checks that the benchmark works; it leaves no result file. The load is the one the table printed
  // (machine() would read it again at the end).
  const file = opts.smoke ? undefined : saveResult('latency', results, printed(), { loadAverage: loadAtStart, loadAtEnd, codeServer: '4.100.3' });
  if (file) console.log(`\nSaved ${file}`);
}

/** The workbench's WebSocket frames during the last panel or vscode-floor run (for --dump). */
let frames: VisibleRecord[] = [];

/** --dump FILE: every run's raw stamps and records, one JSON line per run (for tracing a stall by hand). */
const DUMP = (() => {
  const i = process.argv.indexOf('--dump');
  return i >= 0 ? process.argv[i + 1] : undefined;
})();

function result(
  target: string, provider: Wire, rate: Rate, rep: number, writes: ChunkStamp[], shown: VisibleRecord[], arrivals: VisibleRecord[], socket: VisibleRecord[],
): RunResult {
  if (!writes.length) throw new Error(`${target} ${provider} ${rate}: the provider server stamped no writes`);
  if (DUMP) fs.appendFileSync(DUMP, `${JSON.stringify({ target, provider, rate, rep, writes, shown, arrivals, socket, frames: target === 'floor' ? [] : frames })}\n`);
  const m = match(writes, shown);
  const a = match(writes, arrivals);
  const w = match(writes, socket);
  const round = (xs: number[]) => xs.map((x) => Math.round(x * 10) / 10);
  return {
    target, provider, rate, rep, tokens: writes.length, ...summarize(m.latencies), firstMs: m.firstMs, missing: m.missing,
    regressions: m.regressions, latencies: round(m.latencies), arrival: summarize(a.latencies), arrivalLatencies: round(a.latencies),
    socket: summarize(w.latencies), socketLatencies: round(w.latencies),
  };
}

async function newChat(page: Page, run: (page: Page, label: string) => Promise<void>): Promise<void> {
  await run(page, 'Stream Explain: New Chat');
  await panel(page).locator('[data-role=empty]').waitFor({ state: 'visible' });
}

/** Delivers the records every frame's recorder still holds (it sends them in batches: recorder.ts). */
async function drainRecorder(page: Page): Promise<void> {
  for (const frame of page.frames()) await frame.evaluate(FLUSH).catch(() => undefined);
  await page.waitForTimeout(100); // the binding's calls reach us after the evaluations return
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
