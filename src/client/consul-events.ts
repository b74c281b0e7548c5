import { defer, finalize, type Observable } from 'rxjs';
import type { ConsulEvent } from '../consul/event';
import { createConsulHttpClient } from './http-client';
import { normalizeWatchOptions } from './normalize-options';
import type { ConsulEventsOptions } from './options';
import { pollEvents } from './poll-events';

/**
 * Watches Consul user events: a cold Observable that long-polls the agent's
 * `GET /v1/event/list` (a blocking query) for as long as it is subscribed.
 *
 * - Every subscription runs its own loop, tracking `X-Consul-Index` as an opaque string.
 * - Each event is emitted once, in the agent's order, across polls, retries and agent
 *   restarts (a window of the last `seenWindow` IDs; default 1024 covers the agent's
 *   256-event buffer). With `replay: true` (the default) the events already in the
 *   buffer come first.
 * - Network errors, timeouts, 5xx, 429 and unusable answers are retried with capped,
 *   jittered exponential backoff, keeping the index and the seen IDs. 4xx answers, TLS
 *   misconfiguration and exhausted retries error the stream with a {@link ConsulError}.
 * - Unsubscribing aborts the request in flight and cancels any pending retry timer.
 * - Options are validated here, synchronously: bad ones throw `TypeError`/`RangeError`.
 *
 * An event fired while the subscription was not polling can still be missed when more
 * than 256 events (of any name) reach the agent before the next poll: the agent's buffer
 * overwrites its oldest entries silently.
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
 * subscription.unsubscribe(); // aborts the long-poll at once
 * ```
 *
 * @param name event name to watch (exact, case-sensitive); several names share one
 *   unfiltered long-poll and are filtered here; omit to watch every event
 * @param options connection, resume, retry and delivery options; see {@link ConsulEventsOptions}
 * @returns a cold Observable of events exactly as Consul sends them (`Payload` in base64)
 */
export function consulEvents$(name?: string | readonly string[], options?: ConsulEventsOptions): Observable<ConsulEvent> {
  const config = normalizeWatchOptions(name, options);
  return defer(() => {
    const client = createConsulHttpClient(config.connection);
    return pollEvents(config, client).pipe(finalize(() => client.close()));
  });
}
