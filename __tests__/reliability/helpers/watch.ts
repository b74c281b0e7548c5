import { consulEvents$, type ConsulEvent, type ConsulEventsOptions, type ConsulEventsStatus } from '../../../src';
import { eventually } from '../../helpers/eventually';

/** What one watch delivered and reported before it ended or was stopped. */
export interface WatchResult {
  readonly events: ConsulEvent[];
  readonly statuses: ConsulEventsStatus[];
  readonly error: unknown;
}

/**
 * Watches with `maxRetries: 0`, so the first failure (transient or not) ends the stream,
 * and resolves with it: how a test sees the error an answer produces, without retry loops.
 */
export async function firstFailure(port: number, name: string | undefined = 'deploy', options: ConsulEventsOptions = {}): Promise<WatchResult> {
  const result = { events: [] as ConsulEvent[], statuses: [] as ConsulEventsStatus[], error: undefined as unknown };
  let ended = false;
  const subscription = consulEvents$(name, {
    port, retry: { initialDelay: 1, maxDelay: 1, maxRetries: 0 }, onStatus: (status) => result.statuses.push(status), ...options,
  }).subscribe({
    next: (event) => result.events.push(event),
    error: (error: unknown) => {
      result.error = error;
      ended = true;
    },
  });
  try {
    await eventually(() => ended);
  } finally {
    subscription.unsubscribe();
  }
  return result;
}

/**
 * Watches until `done(result)` holds, then unsubscribes. Retries are fast and unbounded, so
 * a fault the stream recovers from shows up as `retry` statuses, not as `error`.
 */
export async function watchUntil(
  port: number,
  done: (result: WatchResult) => boolean,
  name: string | readonly string[] | undefined = 'deploy',
  options: ConsulEventsOptions = {},
): Promise<WatchResult> {
  const result = { events: [] as ConsulEvent[], statuses: [] as ConsulEventsStatus[], error: undefined as unknown };
  const subscription = consulEvents$(name, {
    port, retry: { initialDelay: 1, maxDelay: 4 }, onStatus: (status) => result.statuses.push(status), ...options,
  }).subscribe({
    next: (event) => result.events.push(event),
    error: (error: unknown) => { result.error = error; },
  });
  try {
    await eventually(() => result.error !== undefined || done(result));
  } finally {
    subscription.unsubscribe();
  }
  return result;
}

/** The error messages of every `retry` status, in order. */
export const retryMessages = (result: WatchResult): string[] =>
  result.statuses.flatMap((status) => (status.type === 'retry' ? [status.error.message] : []));
