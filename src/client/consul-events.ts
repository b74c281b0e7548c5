import { Observable } from 'rxjs';
import type { ConsulEvent } from '../consul/event';
import { normalizeWatchOptions, type WatchConfig } from './options/watch-options';
import type { ConsulEventsOptions } from './options/consul-events-options';
import { EventPoll, type PollConfig } from './poll/event-poll';
import { EventSlice } from './poll/event-slice';
import { sharedPoll } from './poll/shared-polls';

/** The long-poll a subscription runs on: every event for a shared one, the agent's name filter for a private one of one name. */
function pollConfigOf(config: WatchConfig): PollConfig {
  const { connection, names, shared, wait, waitMs, httpTimeoutMs, retry, scheduler } = config;
  const name = !shared && names?.size === 1 ? names.values().next().value : undefined;
  return { connection, name, wait, waitMs, httpTimeoutMs, retry, scheduler };
}

/**
 * Watches Consul user events: a cold Observable over the agent's blocking query
 * `GET /v1/event/list`, long-polled for as long as anyone is subscribed.
 *
 * - Every subscription of the process (JavaScript realm) to the same agent with the same
 *   token, TLS settings, `timeout`, `retry` and `scheduler` shares **one** long-poll, on one
 *   connection, that lists every event the token can read; each subscriber gets the events
 *   of its names. Subscribing starts that poll if none runs; the last unsubscribe aborts it.
 *   `shared: false` gives a subscription a poll of its own.
 * - Each event is emitted once, in the agent's order, across polls, retries and agent
 *   restarts; `X-Consul-Index` is kept as an opaque string. With `replay: true` (the
 *   default) the events already in the buffer come first; with `seenIds` (a checkpoint) the
 *   stream resumes after the last of them.
 * - Network errors, timeouts, 5xx, 429 and unusable answers are retried with capped,
 *   jittered exponential backoff, keeping the index and the seen IDs. 4xx answers, TLS
 *   misconfiguration and exhausted retries error every subscription of that poll with a
 *   {@link ConsulError}.
 * - Options are validated here, synchronously: bad ones throw `TypeError`/`RangeError`.
 *
 * An event can still be missed when more than 256 events (of any name) reach the agent
 * between two answers (its buffer overwrites the oldest silently): `onStatus` then gets a
 * `gap` status.
 *
 * @example
 * ```ts
 * import { consulEvents$ } from 'rx-consul-events';
 * import { filter, map } from 'rxjs';
 *
 * const subscription = consulEvents$('deploy', { replay: false })
 *   .pipe(
 *     filter((event) => event.Payload !== null),
 *     map((event) => Buffer.from(event.Payload!, 'base64').toString()),
 *   )
 *   .subscribe((version) => console.log('deploy', version));
 * // after `consul event -name=deploy v1.2.3`: deploy v1.2.3
 * subscription.unsubscribe(); // the last subscriber: aborts the long-poll at once
 * ```
 *
 * @param name event name to watch (exact, case-sensitive), or a list of names; omit it to
 *   watch every event
 * @param options connection, resume, retry and delivery options; see {@link ConsulEventsOptions}
 * @returns a cold Observable of events exactly as Consul sends them (`Payload` in base64)
 */
export function consulEvents$(name?: string | readonly string[], options?: ConsulEventsOptions): Observable<ConsulEvent> {
  return watchEvents$(normalizeWatchOptions(name, options));
}

/** {@link consulEvents$} for options already read (the watcher reads its options once for all its watches). */
export function watchEvents$(config: WatchConfig): Observable<ConsulEvent> {
  const pollConfig = pollConfigOf(config);
  return new Observable<ConsulEvent>((subscriber) => {
    const poll = config.shared ? sharedPoll(pollConfig) : new EventPoll(pollConfig);
    return poll.join(new EventSlice(subscriber, config));
  });
}
