import { filter, mergeMap, type Observable, type Subscription } from 'rxjs';
import type { ConsulEvent } from '../consul/event';
import { consulEvents$, watchEvents$ } from './consul-events';
import { withSubscription } from './options/watch-options';
import { normalizeWatcherOptions, type EventWatcherOptions } from './options/watcher-options';
import { safeReporter } from './event-watcher-report';
import { optionChecks } from './options/option-checks';

/**
 * Handles one event. It may be async: the watcher waits for the returned promise before
 * counting the callback as finished (see `concurrency`). Its return value is otherwise
 * ignored; a throw or a rejection goes to `onError`.
 *
 * @example
 * ```ts
 * import type { EventCallback } from 'rx-consul-events';
 *
 * const onDeploy: EventCallback = async (event) => {
 *   await rollOut(event.ID, event.Payload); // Payload is base64, or null
 * };
 * ```
 */
export type EventCallback = (event: ConsulEvent) => unknown;

/**
 * Watches event names with callbacks; made by {@link createEventWatcher}.
 *
 * @example
 * ```ts
 * const subscription = watcher.watch('deploy', (event) => console.log(event.ID));
 * subscription.unsubscribe();
 * ```
 */
export interface EventWatcher {
  /**
   * Calls `callback` once for each event of `name`, starting them in the agent's order
   * (see `concurrency`), until the returned Subscription is unsubscribed or the watch
   * fails (reported to `onError`).
   *
   * @param name event name (exact, case-sensitive)
   * @param callback called with each event, possibly async
   * @param initialIndex an `X-Consul-Index` saved earlier, to resume from it
   * @param seenIds IDs of events already handled: their callback is never called
   * @returns the running watch; `unsubscribe()` aborts the long-poll at once
   */
  watch(name: string, callback: EventCallback, initialIndex?: string, seenIds?: Iterable<string>): Subscription;
}

/** The error `onError` gets with an event that arrived while `maxQueued` events already waited. */
function queueFullError(event: ConsulEvent, maxQueued: number): RangeError {
  return new RangeError(
    `createEventWatcher: ${maxQueued} events already wait for a callback (maxQueued); event ${event.ID} (${JSON.stringify(event.Name)}) was not handed to one`,
  );
}

/**
 * Runs `run` for each event, starting them in order, at most `concurrency` at once; at
 * most `maxQueued` events wait for a place, and one more is handed to `overflow` instead.
 */
function runEach(
  events$: Observable<ConsulEvent>,
  run: (event: ConsulEvent) => Promise<void>,
  { concurrency, maxQueued }: { concurrency: number; maxQueued: number },
  overflow: (event: ConsulEvent) => void,
): Observable<void> {
  let waiting = 0; // passed on to mergeMap, not started yet (mergeMap starts each in order)
  return events$.pipe(
    filter((event) => {
      if (waiting >= maxQueued) {
        overflow(event);
        return false;
      }
      waiting += 1;
      return true;
    }),
    mergeMap((event) => {
      waiting -= 1;
      return run(event);
    }, concurrency),
  );
}

/**
 * Callback API over {@link consulEvents$}, as lua-resty-consul-event's `event.new(opts)`
 * and `e:watch(name, callback, initial_index, seen_ids)`, with its gaps closed (the Lua
 * watch runs every callback at once without bound and cannot be stopped).
 *
 * - Each event reaches the callback once; callbacks start in the agent's order. As in the
 *   Lua library, a slow callback does not hold up later events: up to `concurrency`
 *   (default 256) run at once, so async callbacks may finish out of order. `concurrency:
 *   1` runs them strictly one after another, an async one until its promise settles.
 * - A slow callback does not hold up the long-poll either: new events are fetched and
 *   wait in memory for a place, at most `maxQueued` (default 10,000) of them; an event
 *   beyond that is reported to `onError` with a `RangeError` and its event, not dropped
 *   silently.
 * - A callback that throws or rejects is reported to `onError` with its event; later
 *   events are still delivered, and no rejection goes unhandled.
 * - A failed watch (a 4xx such as a 403 for a bad token, or retries exhausted) is
 *   reported to `onError` without an event, and that watch ends; its Subscription is
 *   closed. Transient failures are retried as {@link consulEvents$} does.
 * - `unsubscribe()` aborts the request in flight and drops waiting events; a callback
 *   already running is not awaited.
 * - Options are validated here, synchronously: bad ones throw `TypeError`/`RangeError`.
 *
 * @example
 * ```ts
 * import { createEventWatcher } from 'rx-consul-events';
 *
 * const watcher = createEventWatcher({ host: '127.0.0.1', port: 8500 });
 * const subscription = watcher.watch('deploy', async (event) => {
 *   console.log('deploy', event.ID, event.Payload);
 * });
 * // after `consul event -name=deploy v1.2.3`: deploy afe6d0d3-c8f7-bea6-0311-2b3672cdb3fd djEuMi4z
 * process.once('SIGTERM', () => subscription.unsubscribe());
 * ```
 *
 * @param options connection, retry and delivery options of {@link consulEvents$} (without
 *   the per-watch `initialIndex`/`seenIds`), plus `onError`, `concurrency` and `maxQueued`
 * @returns an {@link EventWatcher}; each `watch()` runs its own long-poll
 */
export function createEventWatcher(options?: EventWatcherOptions): EventWatcher {
  const { stream, onError, concurrency, maxQueued } = normalizeWatcherOptions(options);
  const report = safeReporter(onError);
  const check = optionChecks('watch');

  return {
    watch(name, callback, initialIndex, seenIds) {
      if (typeof callback !== 'function') throw new TypeError(check.fail('callback', 'a function', callback));
      const events$ = watchEvents$(withSubscription(stream, name, { initialIndex, seenIds }, 'watch'));
      const run = async (event: ConsulEvent): Promise<void> => {
        try {
          await callback(event);
        } catch (error) {
          report(error, event);
        }
      };
      const overflow = (event: ConsulEvent) => report(queueFullError(event, maxQueued), event);
      return runEach(events$, run, { concurrency, maxQueued }, overflow).subscribe({ error: (error: unknown) => report(error) });
    },
  };
}
