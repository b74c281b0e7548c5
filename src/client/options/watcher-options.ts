import type { ConsulEvent } from '../../consul/event';
import { processEnv } from './consul-env';
import { warnWatchError } from '../event-watcher-report';
import { normalizeWatchOptions, type WatchConfig } from './watch-options';
import { optionChecks } from './option-checks';
import type { ConsulEventsOptions } from './consul-events-options';

/**
 * Options of {@link createEventWatcher}: the connection, retry and delivery options of
 * {@link consulEvents$} (shared by every watch), plus how callbacks run and how their
 * failures are reported. The resume point (`initialIndex`, `seenIds`) is per watch, an
 * argument of `watch()`.
 *
 * @example
 * ```ts
 * import { createEventWatcher } from 'rx-consul-events';
 *
 * const watcher = createEventWatcher({
 *   host: 'consul.internal', token: process.env.CONSUL_HTTP_TOKEN, timeout: 300,
 *   concurrency: 1, // one deploy at a time, in order
 *   onError: (error, event) => logger.error({ err: error, eventId: event?.ID }, 'event watch'),
 * });
 * ```
 */
export interface EventWatcherOptions extends Omit<ConsulEventsOptions, 'initialIndex' | 'seenIds'> {
  /**
   * Called with the error (and the event) when a callback throws or its promise rejects,
   * and with the error alone when the watch itself fails (e.g. a 403), after which that
   * watch is over. If `onError` throws or rejects, that is ignored.
   * @default one `console.warn` line per error
   */
  onError?: (error: unknown, event?: ConsulEvent) => void;
  /**
   * How many callbacks may run at once (an async callback runs until its promise
   * settles). Callbacks always start in the agent's order, each once its event arrives
   * and a place is free: with the default, as in lua-resty-consul-event (where each
   * callback runs in its own light thread), a slow callback does not hold up later events,
   * but callbacks may finish out of order. `1` runs them strictly one after another;
   * `Infinity` starts each at once, as the Lua library does.
   * @default 256 (the agent's buffer: a whole answer can start at once)
   */
  concurrency?: number;
  /**
   * How many events may wait for a place while `concurrency` callbacks are running. An
   * event that arrives when that many already wait is not handed to the callback: it goes
   * to `onError` with a `RangeError` saying so (never dropped silently), and the watch goes
   * on. The long-poll itself never waits for callbacks.
   * @default 10000
   */
  maxQueued?: number;
}

/** {@link EventWatcherOptions}, validated and split into the stream's part and the watcher's. */
export interface WatcherConfig {
  /** The stream's options, read once for every watch: each `watch()` adds its name and resume point. */
  readonly stream: WatchConfig;
  readonly onError: (error: unknown, event?: ConsulEvent) => void;
  readonly concurrency: number;
  readonly maxQueued: number;
}

/** As many callbacks as one answer of the agent can bring (its buffer holds 256 events). */
const DEFAULT_CONCURRENCY = 256;
const DEFAULT_MAX_QUEUED = 10_000;

/**
 * Validates the options of `createEventWatcher` at once, the stream's included (a typo
 * fails at start-up, not at the first `watch()`). Throws a `TypeError`/`RangeError` that
 * names the field and echoes the value.
 */
export function normalizeWatcherOptions(options: EventWatcherOptions | undefined): WatcherConfig {
  const check = optionChecks('createEventWatcher');
  const opts = check.object<EventWatcherOptions>('options', options ?? {});
  for (const perWatch of ['initialIndex', 'seenIds'] as const) {
    if (perWatch in opts) {
      throw new TypeError(`createEventWatcher: options.${perWatch} is given per watch: watch(name, callback, initialIndex, seenIds)`);
    }
  }
  const { onError = warnWatchError, concurrency = DEFAULT_CONCURRENCY, maxQueued = DEFAULT_MAX_QUEUED, ...streamOptions } = opts;
  if (typeof onError !== 'function') throw new TypeError(check.fail('options.onError', 'a function', onError));
  check.number('options.concurrency', concurrency, 1, Infinity, { integer: true });
  check.number('options.maxQueued', maxQueued, 0, Infinity, { integer: true });
  // Read once (the environment, token and CA files included), so a typo fails at start-up, not at the first watch().
  const stream = normalizeWatchOptions(undefined, streamOptions, processEnv(), 'createEventWatcher');
  return { stream, onError, concurrency, maxQueued };
}
