import type { ConsulError, ConsulHttpError } from './errors';

/**
 * What a `consulEvents$` subscription reports about its own health through the
 * `onStatus` option: for logs, metrics and alerts. Events themselves never pass here.
 *
 * - `retry`: a request failed with a transient error; the next attempt follows in `delayMs`.
 * - `connection-limit`: the agent refused the connection because this client IP already
 *   holds as many as it allows (Consul's 429 `Your IP is issuing too many concurrent
 *   connections…`; `limits.http_max_conns_per_client`, default 200). Retried like `retry`:
 *   attempt `attempt`, the next one in `delayMs`.
 * - `recovered`: an answer arrived after `failedAttempts` failures in a row.
 * - `throttled`: the agent answered at once with nothing new (`streak` times in a row), so
 *   the next poll waits `delayMs` instead of spinning.
 * - `acl-filtered`: the agent started (`filtered: true`) or stopped hiding events this token
 *   may not read (`X-Consul-Results-Filtered-By-ACLs`, Consul 1.11+).
 * - `gap`: events may have been lost. `'evicted'` and `'emptied'`: the newest event of the
 *   previous answer (or, when resuming, the last of `seenIds`) is no longer in the agent's
 *   buffer, so it turned over (`'evicted'`) or started over (`'emptied'`: an agent restart
 *   lists fewer events than before, or none). Without `lastSeenId`: the previous answer
 *   listed nothing and the next lists a whole ring (256 events), whose oldest may have
 *   pushed others out. `'start-outage'`: with `replay: false`, the
 *   agent could not be reached when the subscription started, so the client could not tell
 *   the backlog from events fired after `subscribe()`; the `skipped` events listed at the
 *   first answer were taken for backlog. See the README's delivery guarantee for what can
 *   and cannot be detected.
 *
 * @example
 * ```ts
 * import { consulEvents$, type ConsulEventsStatus } from 'rx-consul-events';
 *
 * const log = (status: ConsulEventsStatus) => {
 *   if (status.type === 'retry') console.warn(`retry #${status.attempt} in ${status.delayMs} ms: ${status.error.message}`);
 *   if (status.type === 'gap') console.error(`possible lost events after ${status.lastSeenId}`);
 * };
 * consulEvents$('deploy', { onStatus: log }).subscribe();
 * // retry #1 in 734 ms: Could not reach Consul for GET /v1/event/list?name=deploy&wait=60s: connect ECONNREFUSED 127.0.0.1:8500
 * ```
 */
export type ConsulEventsStatus =
  | { readonly type: 'retry'; readonly attempt: number; readonly delayMs: number; readonly error: ConsulError }
  | { readonly type: 'connection-limit'; readonly attempt: number; readonly delayMs: number; readonly error: ConsulHttpError }
  | { readonly type: 'recovered'; readonly failedAttempts: number }
  | { readonly type: 'throttled'; readonly streak: number; readonly delayMs: number }
  | { readonly type: 'acl-filtered'; readonly filtered: boolean }
  | { readonly type: 'gap'; readonly reason: 'evicted' | 'emptied'; readonly lastSeenId: string; readonly index: string }
  | { readonly type: 'gap'; readonly reason: 'evicted'; readonly index: string; readonly lastSeenId?: undefined }
  | { readonly type: 'gap'; readonly reason: 'start-outage'; readonly index: string; readonly skipped: number; readonly lastSeenId?: undefined };
