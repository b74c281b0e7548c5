import { asyncScheduler, type SchedulerLike } from 'rxjs';
import { isConsulIndex } from '../consul/consul-index';
import { readConsulEnv, processEnv, type ConsulEnvSettings } from './consul-env';
import { formatGoDuration } from '../consul/go-duration';
import { MAX_EVENT_ID_LENGTH } from './poll/list-body';
import type { StartPoint } from './poll/event-slice';
import { optionChecks } from './option-checks';
import type { ConsulEventsOptions, RetryOptions } from './options';
import type { ConsulEventsStatus } from './watch-status';

/** Where and how to reach the agent: shared by every call that talks to Consul. */
export interface ConnectionConfig {
  /** `scheme://host:port`, with IPv6 hosts bracketed. */
  readonly origin: string;
  readonly scheme: 'http' | 'https';
  readonly token: string | undefined;
  readonly tls: {
    readonly rejectUnauthorized: boolean;
    readonly ca?: string;
    readonly cert?: string;
    readonly key?: string;
    readonly servername?: string;
  };
}

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

/** The options that say where and how to reach the agent, shared by every entry point. */
export const CONNECTION_KEYS = ['host', 'port', 'scheme', 'token', 'sslVerify', 'ca', 'cert', 'key', 'tlsServerName'] as const;
const WATCH_OPTION_KEYS = [
  ...CONNECTION_KEYS, 'timeout', 'initialIndex', 'seenIds', 'replay', 'shared', 'retry', 'seenWindow', 'onStatus', 'scheduler',
] as const;
const RETRY_OPTION_KEYS = ['initialDelay', 'maxDelay', 'maxRetries'] as const;

const DEFAULTS = Object.freeze({
  host: '127.0.0.1',
  port: 8500,
  scheme: 'http' as const,
  timeoutSeconds: 60,
  retry: Object.freeze({ initialDelay: 1_000, maxDelay: 30_000, maxRetries: Infinity }),
  seenWindow: 1_024,
});
/** Extra time allowed past the blocking wait before a request counts as hung: 1–5 s, as long as the wait in between. */
const httpTimeoutMargin = (waitMs: number) => Math.min(5_000, Math.max(1_000, waitMs));
const MAX_WAIT_SECONDS = 600;

type Checks = ReturnType<typeof optionChecks>;

/** PEM as text: bytes of a PEM file are decoded as UTF-8. */
function checkPem(check: Checks, field: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  throw new TypeError(check.fail(field, 'PEM text (a string or bytes)', value, field === 'options.key'));
}

function checkHost(check: Checks, value: unknown): string {
  const host = check.string('options.host', value);
  const ipv6 = /^\[?[0-9a-f:.]+(%[\w.]+)?\]?$/i.test(host) && (host.match(/:/g) ?? []).length >= 2;
  if (/[\s/?#@]/.test(host) || (host.includes(':') && !ipv6)) {
    throw new TypeError(check.fail('options.host', 'a host name or IP address without scheme, path or port', host));
  }
  return host;
}

/**
 * Validates the connection options and fills the rest from the `CONSUL_*` environment and
 * the defaults. Throws a `TypeError`/`RangeError` that names the field and echoes the
 * value (the token is never echoed).
 */
export function normalizeConnection(
  caller: string,
  options: Pick<ConsulEventsOptions, (typeof CONNECTION_KEYS)[number]>,
  env = processEnv(),
): ConnectionConfig {
  const check = optionChecks(caller);
  const given = new Set(CONNECTION_KEYS.filter((key) => options[key] !== undefined));
  const fromEnv: ConsulEnvSettings = readConsulEnv(env, given as ReadonlySet<keyof ConsulEnvSettings>);

  const host = options.host !== undefined ? checkHost(check, options.host) : (fromEnv.host ?? DEFAULTS.host);
  const port = options.port !== undefined
    ? check.number('options.port', options.port, 1, 65_535, { integer: true })
    : (fromEnv.port ?? DEFAULTS.port);
  let scheme = fromEnv.scheme ?? DEFAULTS.scheme;
  if (options.scheme !== undefined) {
    if (options.scheme !== 'http' && options.scheme !== 'https') {
      throw new TypeError(check.fail('options.scheme', "'http' or 'https'", options.scheme));
    }
    scheme = options.scheme;
  }
  let token = fromEnv.token;
  if (options.token !== undefined) {
    token = check.string('options.token', options.token, { redact: true, nonEmpty: false }) || undefined;
  }
  // What an HTTP header value can carry: anything else could never be sent.
  if (token !== undefined && /[^\t\x20-\x7e\x80-\xff]/.test(token)) {
    throw new TypeError(check.fail('the ACL token', 'a single line of characters an HTTP header can carry', token, true));
  }
  const sslVerify = options.sslVerify !== undefined ? check.boolean('options.sslVerify', options.sslVerify) : (fromEnv.sslVerify ?? true);
  const ca = options.ca !== undefined ? checkPem(check, 'options.ca', options.ca) : fromEnv.ca;
  const cert = options.cert !== undefined ? checkPem(check, 'options.cert', options.cert) : fromEnv.cert;
  const key = options.key !== undefined ? checkPem(check, 'options.key', options.key) : fromEnv.key;
  const servername = options.tlsServerName !== undefined
    ? check.string('options.tlsServerName', options.tlsServerName)
    : fromEnv.tlsServerName;

  const hostInUrl = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return {
    origin: `${scheme}://${hostInUrl}:${port}`,
    scheme,
    token,
    tls: {
      rejectUnauthorized: sslVerify,
      ...(ca !== undefined && { ca }),
      ...(cert !== undefined && { cert }),
      ...(key !== undefined && { key }),
      ...(servername !== undefined && { servername }),
    },
  };
}

function normalizeRetry(check: Checks, value: unknown): Required<RetryOptions> {
  if (value === undefined) return DEFAULTS.retry;
  if (value === null || typeof value !== 'object') throw new TypeError(check.fail('options.retry', 'an object', value));
  check.knownKeys('options.retry', value, RETRY_OPTION_KEYS);
  const retry = value as RetryOptions;
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

function normalizeSeenIds(check: Checks, value: unknown): string[] {
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

/** A non-empty string that can be sent in a URL (no lone UTF-16 surrogate). */
function checkName(check: Checks, field: string, value: unknown): string {
  const name = check.string(field, value);
  if (!name.isWellFormed()) throw new TypeError(check.fail(field, 'well-formed Unicode (it has a lone surrogate)', name));
  return name;
}

/** The watched names: one, several (duplicates collapse), or `undefined` for every event. */
function normalizeNames(check: Checks, value: unknown): ReadonlySet<string> | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return new Set([checkName(check, 'name', value)]);
  if (value.length === 0) throw new TypeError(check.fail('names', 'a non-empty array of event names (omit it to watch every event)', value));
  value.forEach((item, i) => checkName(check, `names[${i}]`, item));
  return new Set(value as string[]);
}

function checkOptionalFunction<F>(check: Checks, field: string, value: F | undefined): F | undefined {
  if (value !== undefined && typeof value !== 'function') throw new TypeError(check.fail(field, 'a function', value));
  return value;
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
  const names = normalizeNames(check, name);
  const opts: ConsulEventsOptions = options ?? {};
  if (opts === null || typeof opts !== 'object') throw new TypeError(check.fail('options', 'an object', opts));
  check.knownKeys('options', opts, WATCH_OPTION_KEYS);

  const timeout = opts.timeout === undefined
    ? DEFAULTS.timeoutSeconds
    : check.number('options.timeout', opts.timeout, 0, MAX_WAIT_SECONDS, { minExclusive: true });
  const waitMs = Math.round(timeout * 1000);
  if (waitMs < 1) throw new RangeError(check.fail('options.timeout', 'at least 0.001 (one millisecond)', timeout));

  // Still checked, so that a saved checkpoint with a broken index is noticed; no longer sent.
  if (opts.initialIndex !== undefined && (typeof opts.initialIndex !== 'string' || !isConsulIndex(opts.initialIndex))) {
    throw new TypeError(check.fail(
      'options.initialIndex',
      'an X-Consul-Index string (decimal digits of a 64-bit number; numbers would lose digits)',
      opts.initialIndex,
    ));
  }
  const replay = opts.replay === undefined ? true : check.boolean('options.replay', opts.replay);
  const seenIds = normalizeSeenIds(check, opts.seenIds);
  const scheduler = opts.scheduler ?? asyncScheduler;
  if (typeof scheduler.schedule !== 'function' || typeof scheduler.now !== 'function') {
    throw new TypeError(check.fail('options.scheduler', 'an RxJS scheduler', scheduler));
  }

  return {
    connection: normalizeConnection(caller, opts, env),
    names,
    shared: opts.shared === undefined ? true : check.boolean('options.shared', opts.shared),
    wait: formatGoDuration(timeout),
    waitMs,
    httpTimeoutMs: waitMs + Math.ceil(waitMs / 16) + httpTimeoutMargin(waitMs),
    start: seenIds.length > 0 ? 'resume' : replay ? 'replay' : 'skip',
    seenIds,
    retry: normalizeRetry(check, opts.retry),
    seenWindow: opts.seenWindow === undefined
      ? DEFAULTS.seenWindow
      : check.number('options.seenWindow', opts.seenWindow, 1, 10_000_000, { integer: true }),
    onStatus: checkOptionalFunction(check, 'options.onStatus', opts.onStatus),
    scheduler,
  };
}
