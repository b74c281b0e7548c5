import { retry, throwError, timer, type MonoTypeOperatorFunction, type SchedulerLike } from 'rxjs';
import { backoffDelay } from './backoff';
import { isConnectionLimit } from './connection-limit';
import { ConsulError, ConsulHttpError } from '../errors';
import type { RetryOptions } from '../options/consul-events-options';
import type { ConsulEventsStatus } from '../watch-status';

/**
 * Re-subscribes to the source (the poll loop, which goes on from the request that failed) after a transient `ConsulError` — network,
 * timeout, 5xx, 429, unusable answer — waiting {@link backoffDelay} between attempts. An
 * agent's `Retry-After` is the least delay, not the delay: the wait still grows with the
 * attempt and is jittered (between it and twice it at first), so watches behind one rate
 * limiter spread out instead of retrying in lock-step; `maxDelay` caps it all the same.
 * Anything else (400, 403, TLS misconfiguration, a bug) and the error after `maxRetries`
 * retries go through. The wait is a timer on `scheduler`: unsubscribing cancels it.
 * Each retry is reported to `report` before its wait starts: as `connection-limit` when
 * the agent refused the connection for holding too many from this IP, else as `retry`.
 */
export function retryTransient<T>(
  policy: Readonly<Required<RetryOptions>>,
  scheduler: SchedulerLike,
  report: (status: ConsulEventsStatus) => void,
): MonoTypeOperatorFunction<T> {
  return retry({
    count: policy.maxRetries,
    // `maxRetries` counts failures in a row: a value from the source (an answer) starts over.
    resetOnSuccess: true,
    delay: (error: unknown, attempt: number) => {
      if (!(error instanceof ConsulError) || !error.transient) return throwError(() => error);
      const leastMs = error instanceof ConsulHttpError ? error.retryAfterMs : undefined;
      const delayMs = backoffDelay(attempt, policy, leastMs === undefined ? {} : { leastMs });
      report(isConnectionLimit(error)
        ? { type: 'connection-limit', attempt, delayMs, error }
        : { type: 'retry', attempt, delayMs, error });
      return timer(delayMs, scheduler);
    },
  });
}
