import type { SchedulerLike } from 'rxjs';
import { EventPoll, type PollConfig } from './event-poll';

/** The running shared polls of this realm, by what makes two subscriptions' polls the same. */
const polls = new Map<string, EventPoll>();

const schedulerIds = new WeakMap<SchedulerLike, number>();
let nextSchedulerId = 0;

function schedulerId(scheduler: SchedulerLike): number {
  let id = schedulerIds.get(scheduler);
  if (id === undefined) schedulerIds.set(scheduler, (id = nextSchedulerId++));
  return id;
}

/**
 * What two subscriptions must agree on to share a poll: the agent, the token and the TLS
 * identity (never shared across them: the agent filters the list by the token), and how
 * the poll runs (wait, retry policy, scheduler). Held only in memory, as a map key.
 */
function pollKey({ connection, name, wait, retry, scheduler }: PollConfig): string {
  const { origin, token, tls } = connection;
  return JSON.stringify([
    origin, token ?? null, tls.rejectUnauthorized, tls.ca ?? null, tls.cert ?? null, tls.key ?? null, tls.servername ?? null,
    name ?? null, wait, retry.initialDelay, retry.maxDelay, String(retry.maxRetries), schedulerId(scheduler),
  ]);
}

/**
 * The poll this configuration shares with every other subscription of the realm that has
 * the same {@link pollKey}; it is created when none runs, and forgotten when it is done
 * (its last subscriber left, or it failed for good).
 *
 * @example
 * ```ts
 * const leave = sharedPoll(config.poll).join(new EventSlice(subscriber, config.slice));
 * ```
 */
export function sharedPoll(config: PollConfig): EventPoll {
  const key = pollKey(config);
  let poll = polls.get(key);
  if (poll === undefined) {
    const created = new EventPoll(config, () => {
      if (polls.get(key) === created) polls.delete(key);
    });
    polls.set(key, (poll = created));
  }
  return poll;
}

/** How many shared polls run in this realm now (for tests and diagnostics). */
export function sharedPollCount(): number {
  return polls.size;
}
