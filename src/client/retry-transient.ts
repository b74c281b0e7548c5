import { retry, throwError, timer, type MonoTypeOperatorFunction, type SchedulerLike } from 'rxjs';
import { backoffDelay } from './backoff';
import { ConsulError, ConsulHttpError } from './errors';
import type { RetryOptions } from './options';
import type { ConsulEventsStatus } from './watch-status';

/**
 * Re-subscribes to the source (one request) after a transient `ConsulError` — network,
 * timeout, 5xx, 429, unusable answer — waiting {@link backoffDelay} between attempts, or the
 * agent's `Retry-After` when it sent one (kept within `initialDelay`…`maxDelay`). Anything
 * else (400, 403, TLS misconfiguration, a bug) and the error after `maxRetries` retries
 * attempts go through. The wait is a timer on `scheduler`: unsubscribing cancels it.
 * Each retry is reported to `report` before its wait starts.
 */
export function retryTransient<T>(
  policy: Readonly<Required<RetryOptions>>,
  scheduler: SchedulerLike,
  report: (status: ConsulEventsStatus) => void,
): MonoTypeOperatorFunction<T> {
  return retry({
    count: policy.maxRetries,
    delay: (error: unknown, attempt: number) => {
      if (!(error instanceof ConsulError) || !error.transient) return throwError(() => error);
      const asked = error instanceof ConsulHttpError ? error.retryAfterMs : undefined;
      const delayMs = asked === undefined
        ? backoffDelay(attempt, policy)
        : Math.min(policy.maxDelay, Math.max(asked, policy.initialDelay));
      report({ type: 'retry', attempt, delayMs, error });
      return timer(delayMs, scheduler);
    },
  });
}
