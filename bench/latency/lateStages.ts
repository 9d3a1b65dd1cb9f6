/**
 * Where the tokens shown more than two frames after their write lost that time. Each late token's latency is split by
 * its own stamps into: before the workbench had the WebSocket frame carrying it (the extension host, VS Code's remote
 * connection, and the workbench's thread being busy when the frame came), on the way into the page (the workbench
 * reading the frame and relaying the message into the webview), and in the page (the wait for a frame, the render).
 * Without --split (or for the floor outside VS Code) the first two are one stage, "before the page".
 *
 * The three latency lists are per token in write order; a token never shown is missing only from the end of a list
 * (matching counts forward: stats.ts), so index i is the same token in each.
 */
import { isLate } from './stats';

export interface LateStages {
  /** Tokens more than two frames late. */
  late: number;
  /** Share of the late tokens' summed latency spent in each stage (0–1); `workbench` NaN without its stamps. */
  share: { workbench: number; page: number; screen: number };
  /** How many late tokens spent most of their time in each stage. */
  most: { workbench: number; page: number; screen: number };
}

type Stage = 'workbench' | 'page' | 'screen';
const STAGES: readonly Stage[] = ['workbench', 'page', 'screen'];

export interface StageLists {
  latencies: readonly number[];
  arrivalLatencies: readonly number[];
  /** Empty without --split, and for the floor outside VS Code. */
  socketLatencies?: readonly number[];
}

/** One run's late tokens, or several runs' pooled: each run's lists are matched within the run, the time summed. */
export function lateStages(runs: readonly StageLists[]): LateStages {
  const sum = { workbench: 0, page: 0, screen: 0 };
  const most = { workbench: 0, page: 0, screen: 0 };
  let late = 0;
  let split = runs.length > 0;
  for (const r of runs) {
    const socket = r.socketLatencies ?? [];
    split &&= socket.length > 0;
    const n = Math.min(r.latencies.length, r.arrivalLatencies.length, socket.length || Infinity);
    for (let i = 0; i < n; i++) {
      const visible = r.latencies[i];
      const arrival = r.arrivalLatencies[i];
      if (!isLate(visible)) continue;
      late++;
      const atWorkbench = socket.length ? socket[i] : 0;
      const stages: Record<Stage, number> = { workbench: atWorkbench, page: arrival - atWorkbench, screen: visible - arrival };
      for (const k of STAGES) sum[k] += stages[k];
      most[STAGES.reduce((a, b) => (stages[b] > stages[a] ? b : a))]++;
    }
  }
  const total = sum.workbench + sum.page + sum.screen;
  const share = (x: number) => (total > 0 ? x / total : NaN);
  // Without every run's workbench stamps, "before the page" is one stage.
  if (!split) {
    sum.page += sum.workbench;
    most.page += most.workbench;
    most.workbench = 0;
  }
  return { late, most, share: { workbench: split ? share(sum.workbench) : NaN, page: share(sum.page), screen: share(sum.screen) } };
}
