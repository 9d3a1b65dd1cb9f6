import { systemClock, type Clock } from './clock';
import { classifyError, StreamError } from './errors';
import { cacheSavingsUsd } from './cacheSavings';
import { priceSourceOf, resolveCost, type ModelPrice, type PriceSource } from './pricing';
import { PROVIDER_LABELS, type Provider, type ProviderRequest } from './provider';
import type { CostBasis } from './providers/modelInfo';
import type { FinishReason, TokenUsage } from './streamEvents';
import { approximateCounter, type TokenCounter, type TokenCounterLoader } from './tokenCounter';

export interface RetryPolicy {
  /** Total attempts including the first. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Upper bound on the time spent waiting between attempts. */
  maxTotalWaitMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 8_000, maxTotalWaitMs: 20_000 };

export interface SessionOptions {
  provider: Provider;
  request: ProviderRequest;
  /** Price row for a model name; asked for the model the provider reports, then the one requested. */
  priceFor: (model: string) => ModelPrice | undefined;
  /** How the provider's cost is known when no price row matches (default 'priced': unknown). */
  costBasis?: CostBasis;
  loadTokenCounter?: TokenCounterLoader;
  /** Abort when no event arrives for this long (0 disables). */
  idleTimeoutMs?: number;
  /** Abort the whole session after this long, retries included (0 disables). */
  totalTimeoutMs?: number;
  retry?: RetryPolicy;
  now?: () => number;
  /** Timers for the timeouts and retry waits (tests drive them by hand). */
  schedule?: Clock['schedule'];
  random?: () => number;
}

export interface RetryInfo {
  attempt: number;
  maxAttempts: number;
  delayMs: number;
  error: StreamError;
}

export interface SessionListener {
  onDelta?(text: string): void;
  onThinking?(text: string): void;
  onRetry?(info: RetryInfo): void;
}

export interface SessionMetrics {
  ttftMs: number | null;
  totalMs: number;
  tokensPerSecond: number | null;
}

export interface SessionResult {
  status: 'done' | 'cancelled' | 'error';
  text: string;
  model: string;
  finishReason: FinishReason;
  rawFinishReason: string | null;
  usage: TokenUsage & { estimated: boolean };
  costUsd: number | null;
  /** How costUsd is known; undefined (a turn that never reached a provider) reads as 'priced'. */
  costBasis?: CostBasis;
  /** What prompt caching saved (negative: the write premium), when the model is priced and the cache was used. */
  savedUsd?: number;
  /** Where the price row came from, when the cost was priced from one. */
  priceSource?: PriceSource;
  metrics: SessionMetrics;
  attempts: number;
  error?: StreamError;
}

/**
 * One request from prompt to final figures: drives the provider stream, retries transient failures before the first
 * token, enforces idle and total timeouts, and measures TTFT, speed, usage and cost. Cancelling still yields a result
 * with the partial text and an estimated cost.
 */
export class StreamSession {
  private readonly controller = new AbortController();
  private readonly opts: Required<Omit<SessionOptions, 'priceFor' | 'loadTokenCounter' | 'costBasis'>> &
    Pick<SessionOptions, 'priceFor' | 'loadTokenCounter' | 'costBasis'>;
  private ran = false;

  constructor(options: SessionOptions) {
    this.opts = {
      idleTimeoutMs: 30_000,
      totalTimeoutMs: 300_000,
      retry: DEFAULT_RETRY,
      now: () => performance.now(),
      random: Math.random,
      ...options,
      schedule: options.schedule ?? systemClock.schedule,
    };
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get cancelled(): boolean {
    return this.controller.signal.aborted;
  }

  cancel(): void {
    this.controller.abort();
  }

  async run(listener: SessionListener = {}): Promise<SessionResult> {
    if (this.ran) throw new Error('A StreamSession runs once.');
    this.ran = true;
    const { provider, request, now, retry, schedule } = this.opts;
    const startedAt = now();
    let text = '';
    let firstTokenAt: number | null = null;
    let model = request.model;
    let reportedInput: number | undefined;
    let usage: TokenUsage | undefined;
    let reportedCostUsd: number | undefined;
    let finish: { reason: FinishReason; raw: string | null } | undefined;
    let failure: StreamError | undefined;
    let attempts = 0;
    let waitedMs = 0;
    let timedOut: 'idle' | 'total' | undefined;

    const cancelTotalTimer = this.opts.totalTimeoutMs > 0
      ? schedule(this.opts.totalTimeoutMs, () => { timedOut = 'total'; attempt?.abort(); })
      : undefined;
    let attempt: AbortController | undefined;
    const onSessionAbort = () => attempt?.abort();
    this.signal.addEventListener('abort', onSessionAbort);

    try {
      while (!this.cancelled) {
        attempts++;
        attempt = new AbortController();
        const ctl = attempt;
        let cancelIdleTimer: (() => void) | undefined;
        const armIdle = () => {
          if (this.opts.idleTimeoutMs <= 0) return;
          cancelIdleTimer?.();
          cancelIdleTimer = schedule(this.opts.idleTimeoutMs, () => { timedOut ??= 'idle'; ctl.abort(); });
        };
        armIdle();
        try {
          for await (const ev of provider.stream(request, ctl.signal)) {
            armIdle();
            switch (ev.type) {
              case 'start':
                model = ev.model;
                if (ev.inputTokens !== undefined) reportedInput = ev.inputTokens;
                break;
              case 'delta':
                if (!ev.text) break;
                if (firstTokenAt === null) firstTokenAt = now();
                text += ev.text;
                listener.onDelta?.(ev.text);
                break;
              case 'thinking':
                listener.onThinking?.(ev.text);
                break;
              case 'usage': {
                const { type: _t, reportedCostUsd: reported, ...u } = ev;
                usage = u;
                reportedCostUsd = reported;
                break;
              }
              case 'done':
                finish = { reason: ev.finishReason, raw: ev.rawFinishReason };
                break;
            }
          }
          if (!this.cancelled && !timedOut && !finish) {
            // A provider that returns without `done` and without being aborted lost its terminator.
            throw new StreamError({ kind: 'interrupted', retryable: true, message: 'The answer ended unexpectedly.' });
          }
          break;
        } catch (err) {
          if (this.cancelled || timedOut) break;
          const error = classifyError(err, provider.id);
          const delay = this.retryDelay(error, attempts, waitedMs, text);
          if (delay === undefined) {
            failure = error;
            break;
          }
          listener.onRetry?.({ attempt: attempts + 1, maxAttempts: retry.maxAttempts, delayMs: delay, error });
          waitedMs += delay;
          // Waiting to retry is not the stream going quiet: a retry-after longer than the idle timeout used to end
          // the session as an idle timeout even when the next attempt answered.
          cancelIdleTimer?.();
          await sleep(delay, this.signal, schedule);
        } finally {
          cancelIdleTimer?.();
        }
      }
    } finally {
      cancelTotalTimer?.();
      this.signal.removeEventListener('abort', onSessionAbort);
    }

    if (!failure && timedOut && !this.cancelled) {
      failure = timedOut === 'idle'
        ? new StreamError({ kind: 'idle_timeout', retryable: true, action: 'retry',
            message: `No data from ${PROVIDER_LABELS[provider.id]} for ${Math.round(this.opts.idleTimeoutMs / 1000)} s; the request was stopped. The text so far is kept.` })
        : new StreamError({ kind: 'timeout', retryable: true, action: 'retry',
            message: `The answer took longer than ${Math.round(this.opts.totalTimeoutMs / 1000)} s and was stopped. The text so far is kept.` });
    }

    const endedAt = now();
    const status: SessionResult['status'] = this.cancelled ? 'cancelled' : failure ? 'error' : 'done';
    const finalUsage = await this.resolveUsage(usage, reportedInput, text, status);
    const ttftMs = firstTokenAt === null ? null : firstTokenAt - startedAt;
    const price = this.opts.priceFor(model) ?? this.opts.priceFor(request.model);
    const cost = resolveCost({
      usage: finalUsage,
      price,
      // A reported cost is for the whole request: only an answer that ended with its usage has one.
      reportedCostUsd: finalUsage.estimated ? undefined : reportedCostUsd,
      basis: this.opts.costBasis ?? 'priced',
    });
    const genSeconds = firstTokenAt === null ? 0 : (endedAt - firstTokenAt) / 1000;
    return {
      status,
      text,
      model,
      finishReason: status === 'done' ? finish!.reason : status === 'cancelled' ? 'cancelled' : 'error',
      rawFinishReason: status === 'done' ? finish!.raw : null,
      usage: finalUsage,
      costUsd: cost.costUsd,
      costBasis: cost.costBasis,
      ...savingsOf(cost.costBasis === 'priced' ? price : undefined, finalUsage),
      ...(cost.costBasis === 'priced' && price ? { priceSource: priceSourceOf(price) } : {}),
      metrics: {
        ttftMs,
        totalMs: endedAt - startedAt,
        tokensPerSecond: genSeconds > 0.001 && finalUsage.outputTokens > 0 ? finalUsage.outputTokens / genSeconds : null,
      },
      attempts,
      error: status === 'error' ? failure : undefined,
    };
  }

  /** Delay before the next attempt, or undefined when the error must surface. Never after text was shown. */
  private retryDelay(error: StreamError, attempts: number, waitedMs: number, textSoFar: string): number | undefined {
    const { retry, random } = this.opts;
    if (!error.retryable || textSoFar !== '' || attempts >= retry.maxAttempts) return undefined;
    const delay = error.retryAfterMs !== undefined ? error.retryAfterMs : backoffDelay(retry, attempts, random);
    if (waitedMs + delay > retry.maxTotalWaitMs) return undefined;
    return Math.round(delay);
  }

  private async resolveUsage(
    usage: TokenUsage | undefined,
    reportedInput: number | undefined,
    text: string,
    status: SessionResult['status'],
  ): Promise<TokenUsage & { estimated: boolean }> {
    if (usage && status === 'done') return { ...usage, estimated: usage.estimated === true };
    const counter = await this.counter();
    const { request } = this.opts;
    const inputTokens = reportedInput
      ?? counter.count([request.system, ...request.messages.map((m) => m.content)].join('\n'));
    return { inputTokens, outputTokens: text ? counter.count(text) : 0, estimated: true };
  }

  private async counter(): Promise<TokenCounter> {
    try {
      return this.opts.loadTokenCounter ? await this.opts.loadTokenCounter() : approximateCounter;
    } catch {
      return approximateCounter;
    }
  }
}

/** A saving only where the cost came from a price row (a reported cost already has caching in it). */
function savingsOf(price: ModelPrice | undefined, usage: TokenUsage): { savedUsd?: number } {
  const saved = cacheSavingsUsd(price, usage);
  return saved === undefined ? {} : { savedUsd: saved };
}

/**
 * Exponential backoff with full jitter: a uniform draw between 0 and a ceiling that doubles with each failed attempt
 * and is capped at `maxDelayMs`. Full jitter spreads clients that failed together (a 429 storm) over the whole window.
 */
export function backoffDelay(retry: RetryPolicy, failedAttempts: number, random: () => number): number {
  return random() * Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (failedAttempts - 1));
}

/** Resolves after ms, or as soon as signal aborts; leaves no timer behind either way. */
function sleep(ms: number, signal: AbortSignal, schedule: Clock['schedule']): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      cancelTimer();
      signal.removeEventListener('abort', done);
      resolve();
    };
    const cancelTimer = schedule(ms, done);
    signal.addEventListener('abort', done);
  });
}
