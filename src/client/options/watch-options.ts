import { asyncScheduler, type SchedulerLike } from 'rxjs';
import { isConsulIndex } from '../../consul/consul-index';
import { processEnv } from './consul-env';
import { CONNECTION_KEYS, normalizeConnection } from './connection-options';
import type { ConnectionConfig } from '../transport/connection-config';
import { formatGoDuration } from '../../consul/go-duration';
import { MAX_EVENT_ID_LENGTH } from '../poll/list-body';
import type { StartPoint } from '../poll/event-slice';
import { DEFAULT_ID_WINDOW, optionChecks, type OptionChecks } from './option-checks';
import type { ConsulEventsOptions, RetryOptions } from './consul-events-options';
import type { ConsulEventsStatus } from '../watch-status';

/** Everything one `consulEvents$` stream needs, validated and complete. */
export interface WatchConfig {
  readonly connection: ConnectionConfig;
  /** The names watched; `undefined` watches every event. */
  readonly names: ReadonlySet<string> | undefined;
  /** Whether the subscription joins the realm's shared poll for its agent, token and poll options. */
  readonly shared: boolean;
  /** Blocking wait as Consul reads it (`60s`, `500ms`). */
  readonly wait: string;
  readonly waitMs: number;
  /** Client-side deadline of one request: the wait, Consul's wait/16 jitter allowance, and a margin of 1–5 s. */
  readonly httpTimeoutMs: number;
  /** Where the subscriber starts: `resume` when `seenIds` are given, else `replay` or `skip` as `replay` says. */
  readonly start: StartPoint;
  readonly seenIds: readonly string[];
  readonly retry: Readonly<Required<RetryOptions>>;
  readonly seenWindow: number;
  readonly onStatus: ((status: ConsulEventsStatus) => void) | undefined;
  readonly scheduler: SchedulerLike;
}

const WATCH_OPTION_KEYS = [
  ...CONNECTION_KEYS, 'timeout', 'initialIndex', 'seenIds', 'replay', 'shared', 'retry', 'seenWindow', 'onStatus', 'scheduler',
] as const;
const RETRY_OPTION_KEYS = ['initialDelay', 'maxDelay', 'maxRetries'] as const;

const DEFAULTS = Object.freeze({
  timeoutSeconds: 60,
  retry: Object.freeze({ initialDelay: 1_000, maxDelay: 30_000, maxRetries: Infinity }),
  seenWindow: DEFAULT_ID_WINDOW,
});
/** Extra time allowed past the blocking wait before a request counts as hung: 1–5 s, as long as the wait in between. */
const httpTimeoutMargin = (waitMs: number) => Math.min(5_000, Math.max(1_000, waitMs));
const MAX_WAIT_SECONDS = 600;


function normalizeRetry(check: OptionChecks, value: unknown): Required<RetryOptions> {
  if (value === undefined) return DEFAULTS.retry;
  const retry = check.object<RetryOptions>('options.retry', value);
  check.knownKeys('options.retry', retry, RETRY_OPTION_KEYS);
  const initialDelay = retry.initialDelay === undefined
    ? DEFAULTS.retry.initialDelay
    : check.number('options.retry.initialDelay', retry.initialDelay, 1, 3_600_000);
  const maxDelay = retry.maxDelay === undefined
    ? Math.max(initialDelay, DEFAULTS.retry.maxDelay)
    : check.number('options.retry.maxDelay', retry.maxDelay, initialDelay, 3_600_000);
  const maxRetries = retry.maxRetries === undefined
    ? DEFAULTS.retry.maxRetries
    : check.number('options.retry.maxRetries', retry.maxRetries, 0, Infinity, { integer: true });
  return { initialDelay, maxDelay, maxRetries };
}

function normalizeSeenIds(check: OptionChecks, value: unknown): string[] {
  if (value === undefined) return [];
  if (typeof value === 'string' || value === null || typeof (value as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    throw new TypeError(check.fail('options.seenIds', 'an iterable of event ID strings', value));
  }
  const ids = [...(value as Iterable<unknown>)];
  ids.forEach((id, i) => {
    if (check.string(`options.seenIds[${i}]`, id).length > MAX_EVENT_ID_LENGTH) {
      throw new RangeError(check.fail(`options.seenIds[${i}]`, `an event ID of at most ${MAX_EVENT_ID_LENGTH} characters`, id));
    }
  });
  return ids as string[];
}

/** The watched names: one, several (duplicates collapse), or `undefined` for every event. */
function normalizeNames(check: OptionChecks, value: unknown): ReadonlySet<string> | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return new Set([check.eventName('name', value)]);
  if (value.length === 0) throw new TypeError(check.fail('names', 'a non-empty array of event names (omit it to watch every event)', value));
  value.forEach((item, i) => check.eventName(`names[${i}]`, item));
  return new Set(value as string[]);
}

function checkOptionalFunction<F>(check: OptionChecks, field: string, value: F | undefined): F | undefined {
  if (value !== undefined && typeof value !== 'function') throw new TypeError(check.fail(field, 'a function', value));
  return value;
}

/** Where a subscription resumes: `consulEvents$`'s options, or the watcher's `watch()` arguments. */
export interface ResumePoint {
  readonly initialIndex?: unknown;
  readonly seenIds?: unknown;
}

/**
 * One subscription of `base`: its `name` (one, several, or `undefined` for every event) and
 * its resume point, checked; `seenIds` make it resume, otherwise it starts as `base` does.
 * The rest (connection, wait, retry) is `base`'s, read once.
 */
export function withSubscription(base: WatchConfig, name: unknown, { initialIndex, seenIds }: ResumePoint, caller: string): WatchConfig {
  const check = optionChecks(caller);
  const names = normalizeNames(check, name);
  // Still checked, so that a saved checkpoint with a broken index is noticed; no longer sent.
  if (initialIndex !== undefined && (typeof initialIndex !== 'string' || !isConsulIndex(initialIndex))) {
    throw new TypeError(check.fail(
      'options.initialIndex',
      'an X-Consul-Index string (decimal digits of a 64-bit number; numbers would lose digits)',
      initialIndex,
    ));
  }
  const ids = normalizeSeenIds(check, seenIds);
  return { ...base, names, seenIds: ids, start: ids.length > 0 ? 'resume' : base.start };
}

/**
 * Turns the arguments of `consulEvents$` into a complete {@link WatchConfig}, reading the
 * environment only for what the options leave unset. `caller` names the API entry point
 * in error messages.
 */
export function normalizeWatchOptions(
  name: unknown,
  options: ConsulEventsOptions | undefined,
  env = processEnv(),
  caller = 'consulEvents$',
): WatchConfig {
  const check = optionChecks(caller);
  const opts = check.object<ConsulEventsOptions>('options', options ?? {});
  check.knownKeys('options', opts, WATCH_OPTION_KEYS);

  const timeout = opts.timeout === undefined
    ? DEFAULTS.timeoutSeconds
    : check.number('options.timeout', opts.timeout, 0, MAX_WAIT_SECONDS, { minExclusive: true });
  const waitMs = Math.round(timeout * 1000);
  if (waitMs < 1) throw new RangeError(check.fail('options.timeout', 'at least 0.001 (one millisecond)', timeout));
  const replay = opts.replay === undefined ? true : check.boolean('options.replay', opts.replay);
  const scheduler = opts.scheduler ?? asyncScheduler;
  if (typeof scheduler.schedule !== 'function' || typeof scheduler.now !== 'function') {
    throw new TypeError(check.fail('options.scheduler', 'an RxJS scheduler', scheduler));
  }

  const base: WatchConfig = {
    connection: normalizeConnection(caller, opts, env),
    names: undefined,
    shared: opts.shared === undefined ? true : check.boolean('options.shared', opts.shared),
    wait: formatGoDuration(timeout),
    waitMs,
    httpTimeoutMs: waitMs + Math.ceil(waitMs / 16) + httpTimeoutMargin(waitMs),
    start: replay ? 'replay' : 'skip',
    seenIds: [],
    retry: normalizeRetry(check, opts.retry),
    seenWindow: opts.seenWindow === undefined ? DEFAULTS.seenWindow : check.idWindow('options.seenWindow', opts.seenWindow),
    onStatus: checkOptionalFunction(check, 'options.onStatus', opts.onStatus),
    scheduler,
  };
  return withSubscription(base, name, opts, caller);
}
