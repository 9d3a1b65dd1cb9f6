import { StreamError } from '../errors';
import { PROVIDER_LABELS, type ProviderId } from '../provider';

/**
 * Neither SDK raises when the body ends before the terminator ([DONE] / message_stop): iteration just stops.
 * The adapters call this so a cut-off answer is never reported as complete.
 */
export function interruptedError(provider: ProviderId, missing: string): StreamError {
  return new StreamError({
    kind: 'interrupted',
    retryable: true,
    action: 'retry',
    message: `The connection to ${PROVIDER_LABELS[provider]} ended before the answer was complete (no ${missing}). The text so far is kept.`,
    detail: `stream ended without ${missing}`,
  });
}
