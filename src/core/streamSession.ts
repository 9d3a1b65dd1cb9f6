import { CHAT_FRAMING, countFramedTokens, type PromptFraming } from './promptFraming';
import { systemClock, type Clock } from './clock';
import { IdleTimer } from './idleTimer';
import { isAborted, onAbort } from './aborted';
import { classifyError, StreamError } from './errors';
import { pricedExtras } from './cacheSavings';
import { resolveCost, type ModelPrice, type PriceSource } from './pricing';
import { PROVIDER_LABELS, type Provider, type ProviderRequest, type StreamSink } from './provider';
import type { CostBasis } from './providers/modelInfo';
import type { FinishReason, OpaqueBlock, TokenUsage } from './streamEvents';
import { AnswerSoFar } from './answerSoFar';
import { loadCounter, type TokenCounterLoader } from './tokenCounter';
import { backoffDelay, sleep } from './retryWait';
import { reasoningCostUsd } from './reasoningCost';
import { StreamTimings, type SessionMetrics } from './streamTimings';

export { backoffDelay } from './retryWait';
export { REDACTED_THINKING } from './answerSoFar';

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
  /** How the provider frames messages, for an input count it did not report (default: OpenAI's chat format). */
  framing?: PromptFraming;
  /** Abort when no event arrives for this long (0 disables). */
  idleTimeoutMs?: number;
  /** Abort the whole session after this long, retries included (0 disables). */
  totalTimeoutMs?: number;
  retry?: RetryPolicy;
  now?: () => number;
  /** Timers for the timeouts and retry waits (tests drive them by hand). */
  schedule?: Clock['schedule'];
  /** Both of the above from one clock (a test's ManualClock); `now` and `schedule`, when given, win. */
  clock?: Clock;
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
  /** `redacted`: an encrypted reasoning block went by (its text is ''); show that there was one. */
  onThinking?(text: string, redacted?: true): void;
  onRetry?(info: RetryInfo): void;
}

export type { SessionMetrics } from './streamTimings';

export interface SessionResult {
  status: 'done' | 'cancelled' | 'error';
  text: string;
  /** What the model streamed as its reasoning: shown apart, never part of `text` or of what is sent back. */
  thinking: string;
  model: string;
  finishReason: FinishReason;
  rawFinishReason: string | null;
  usage: TokenUsage & { estimated: boolean };
  costUsd: number | null;
  /** How costUsd is known; undefined (a turn that never reached a provider) reads as 'priced'. */
  costBasis?: CostBasis;
  /** Of costUsd, the reasoning tokens' part (see reasoningCost.ts); undefined when there is none or it is not known. */
  reasoningCostUsd?: number;
  /** What prompt caching saved (negative: the write premium), when the model is priced and the cache was used. */
  savedUsd?: number;
  /** Where the price row came from, when the cost was priced from one. */
  priceSource?: PriceSource;
  metrics: SessionMetrics;
  attempts: number;
  error?: StreamError;
  /** The provider's opaque reasoning blocks of the attempt that answered (see OpaqueBlock). */
  blocks?: OpaqueBlock[];
}

/**
 * One request from prompt to final figures: drives the provider stream, retries transient failures before the first
 * token, enforces idle and total timeouts, and measures TTFT, speed, usage and cost. Cancelling still yields a result
 * with the partial text and an estimated cost.
 */
export class StreamSession {
  private readonly controller = new AbortController();
  private readonly opts: Required<Omit<SessionOptions, 'priceFor' | 'loadTokenCounter' | 'costBasis' | 'clock' | 'framing'>> &
    Pick<SessionOptions, 'priceFor' | 'loadTokenCounter' | 'costBasis' | 'framing'>;
  private ran = false;

  constructor({ clock = systemClock, ...options }: SessionOptions) {
    this.opts = {
      idleTimeoutMs: 30_000,
      totalTimeoutMs: 300_000,
      retry: DEFAULT_RETRY,
      random: Math.random,
      ...options,
      now: options.now ?? (() => clock.now()),
      schedule: options.schedule ?? clock.schedule,
    };
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get cancelled(): boolean {
    return isAborted(this.controller.signal);
  }

  cancel(): void {
    this.controller.abort();
  }

  async run(listener: SessionListener = {}): Promise<SessionResult> {
    if (this.ran) throw new Error('A StreamSession runs once.');
    this.ran = true;
    const { provider, request, now, retry, schedule } = this.opts;
    const startedAt = now();
    const timings = new StreamTimings(startedAt, now);
    const answer = new AnswerSoFar(request.model, timings, listener);
    let failure: StreamError | undefined;
    let attempts = 0;
    let waitedMs = 0;
    let timedOut: 'idle' | 'total' | undefined;

    const cancelTotalTimer = this.opts.totalTimeoutMs > 0
      ? schedule(this.opts.totalTimeoutMs, () => { timedOut = 'total'; attempt?.abort(); })
      : undefined;
    let attempt: AbortController | undefined;
    const onSessionAbort = () => attempt?.abort();
    const stopListening = onAbort(this.signal, onSessionAbort);

    try {
      while (!this.cancelled) {
        attempts++;
        attempt = new AbortController();
        answer.blocks = [];
        const ctl = attempt;
        const idle = new IdleTimer(this.opts.idleTimeoutMs, { now, schedule }, () => { timedOut ??= 'idle'; ctl.abort(); });
        idle.start();
        const touch = () => idle.touch();
        // Called by the adapter inside its loop over the SDK's stream: no promise or microtask between an event
        // read off the wire and the listener (an async generator here cost one round per event; issue 13).
        const sink: StreamSink = (ev) => {
          idle.touch();
          answer.take(ev);
        };
        try {
          // Bytes count as life too: keep-alives (SSE comments, Anthropic pings) never become events (the SDKs drop them).
          // Object.assign, not a spread: once this code is hot, V8 gave each spread copy a hidden class of its own, so
          // the adapter's stream function, optimized on one request's, was deoptimized by the next one's and
          // compiled again at every answer (see src/core/aborted.ts for the same with signals).
          const attemptRequest: ProviderRequest = Object.assign({}, request, { onWireActivity: touch });
          await provider.stream(attemptRequest, ctl.signal, sink);
          if (!this.cancelled && !timedOut && !answer.finish) {
            // A provider that returns without `done` and without being aborted lost its terminator.
            throw new StreamError({ kind: 'interrupted', retryable: true, message: 'The answer ended unexpectedly.' });
          }
          break;
        } catch (err) {
          if (this.cancelled || timedOut) break;
          const error = classifyError(err, provider.id);
          const delay = this.retryDelay(error, attempts, waitedMs, answer.text + answer.thinking);
          if (delay === undefined) {
            failure = error;
            break;
          }
          listener.onRetry?.({ attempt: attempts + 1, maxAttempts: retry.maxAttempts, delayMs: delay, error });
          waitedMs += delay;
          // Waiting to retry is not the stream going quiet: a retry-after longer than the idle timeout used to end
          // the session as an idle timeout even when the next attempt answered.
          idle.stop();
          await sleep(delay, this.signal, schedule);
        } finally {
          idle.stop();
        }
      }
    } finally {
      cancelTotalTimer?.();
      stopListening();
    }

    if (!failure && timedOut && !this.cancelled) {
      failure = timedOut === 'idle'
        ? new StreamError({ kind: 'idle_timeout', retryable: true, action: 'retry',
            message: `No data from ${PROVIDER_LABELS[provider.id]} for ${Math.round(this.opts.idleTimeoutMs / 1000)} s; the request was stopped. The text so far is kept.` })
        : new StreamError({ kind: 'timeout', retryable: true, action: 'retry',
            message: `The answer took longer than ${Math.round(this.opts.totalTimeoutMs / 1000)} s and was stopped. The text so far is kept.` });
    }

    const endedAt = now();
    const { text, thinking, model, finish } = answer;
    const status: SessionResult['status'] = this.cancelled ? 'cancelled' : failure ? 'error' : 'done';
    const finalUsage = await this.resolveUsage(answer.usage, answer.reportedInput, text, thinking, status);
    const price = this.opts.priceFor(model) ?? this.opts.priceFor(request.model);
    const cost = resolveCost({
      usage: finalUsage,
      price,
      // A reported cost is for the whole request: only an answer that ended with its usage has one.
      reportedCostUsd: finalUsage.estimated ? undefined : answer.reportedCostUsd,
      basis: this.opts.costBasis ?? 'priced',
    });
    return {
      status,
      text,
      thinking,
      model,
      finishReason: status === 'done' ? finish!.reason : status === 'cancelled' ? 'cancelled' : 'error',
      rawFinishReason: status === 'done' ? finish!.raw : null,
      usage: finalUsage,
      costUsd: cost.costUsd,
      costBasis: cost.costBasis,
      reasoningCostUsd: reasoningCostUsd(price, finalUsage, cost.costBasis),
      ...pricedExtras(cost.costBasis === 'priced' ? price : undefined, finalUsage),
      metrics: timings.metrics(endedAt, finalUsage.outputTokens),
      attempts,
      error: status === 'error' ? failure : undefined,
      blocks: answer.blocks,
    };
  }

  /** Delay before the next attempt, or undefined when the error must surface. Never after text (or thinking) was shown. */
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
    thinking: string,
    status: SessionResult['status'],
  ): Promise<TokenUsage & { estimated: boolean }> {
    if (usage && status === 'done') return { ...usage, estimated: usage.estimated === true };
    const counter = await loadCounter(this.opts.loadTokenCounter);
    const { request } = this.opts;
    // Counted as the pre-send estimate counts it, so a stopped answer's input matches what the question box showed.
    const inputTokens = reportedInput ?? countFramedTokens(request.system, request.messages, counter, this.opts.framing ?? CHAT_FRAMING);
    // Reasoning is billed as output: a stopped reasoning model's estimate counts what it thought as well.
    const reasoningTokens = thinking ? counter.count(thinking) : 0;
    const outputTokens = (text ? counter.count(text) : 0) + reasoningTokens;
    return { inputTokens, outputTokens, ...(reasoningTokens ? { reasoningTokens } : {}), estimated: true };
  }

}
