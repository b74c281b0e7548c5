import type { SchedulerLike } from 'rxjs';
import type { ConsulEventsStatus } from '../watch-status';

/**
 * PEM text, as a string or the bytes of a PEM file (Node only).
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { consulEvents$, type Pem } from 'rx-consul-events';
 *
 * const ca: Pem = readFileSync('/etc/consul.d/ca.pem'); // bytes, read as UTF-8
 * consulEvents$('deploy', { scheme: 'https', port: 8501, ca });
 * ```
 */
export type Pem = string | Uint8Array;

/**
 * How failed requests are retried. Delays grow exponentially from `initialDelay`, are
 * capped at `maxDelay`, carry jitter (each delay is drawn between half and all of the
 * exponential step), and start over after every successful answer. The same schedule
 * slows the poll down when the agent keeps answering at once with nothing new.
 *
 * @example
 * ```ts
 * import { consulEvents$ } from 'rx-consul-events';
 *
 * // Give up after 5 retries (6 failed attempts in a row), waiting up to 0.5 s, 1 s, 2 s,
 * // 4 s and 5 s (each drawn between half and all of that step).
 * consulEvents$('deploy', { retry: { initialDelay: 500, maxDelay: 5_000, maxRetries: 5 } });
 * ```
 */
export interface RetryOptions {
  /** First delay, in milliseconds. @default 1000 */
  initialDelay?: number;
  /** Longest delay, in milliseconds. @default 30000 */
  maxDelay?: number;
  /** Retries of one request before the stream errors with its last failure; `Infinity` watches forever. @default Infinity */
  maxRetries?: number;
}

/**
 * Options of {@link consulEvents$}. All are optional; connection settings default to
 * Consul's own `CONSUL_*` environment variables, as the `consul` CLI reads them.
 *
 * @example
 * ```ts
 * import { consulEvents$ } from 'rx-consul-events';
 *
 * consulEvents$('deploy', {
 *   host: 'consul.internal', port: 8501, scheme: 'https', ca: caPem,
 *   token: process.env.DEPLOY_TOKEN, timeout: 300, replay: false,
 * });
 * ```
 */
export interface ConsulEventsOptions {
  /** Agent host name or IP. @default from `CONSUL_HTTP_ADDR`, else `'127.0.0.1'` */
  host?: string;
  /** Agent HTTP(S) port. @default from `CONSUL_HTTP_ADDR`, else `8500` */
  port?: number;
  /** `'http'` or `'https'`. @default from `CONSUL_HTTP_ADDR` / `CONSUL_HTTP_SSL`, else `'http'` */
  scheme?: 'http' | 'https';
  /** ACL token, sent only in the `X-Consul-Token` header. @default `CONSUL_HTTP_TOKEN`, else the contents of `CONSUL_HTTP_TOKEN_FILE` */
  token?: string;
  /**
   * Blocking wait in seconds (`wait` of each long-poll; fractions allowed: `0.5` → `500ms`),
   * greater than 0 and at most 600. The HTTP timeout is set above it.
   * @default 60
   */
  timeout?: number;
  /** Verify the agent's TLS certificate (Node only). @default true, or `CONSUL_HTTP_SSL_VERIFY` */
  sslVerify?: boolean;
  /** PEM of a private CA to trust (Node only). @default contents of `CONSUL_CACERT` (or the files in `CONSUL_CAPATH`) */
  ca?: Pem;
  /** PEM client certificate for mutual TLS (Node only). @default contents of `CONSUL_CLIENT_CERT` */
  cert?: Pem;
  /** PEM client key for mutual TLS (Node only). @default contents of `CONSUL_CLIENT_KEY` */
  key?: Pem;
  /** TLS server name to verify instead of `host` (Node only). @default `CONSUL_TLS_SERVER_NAME` */
  tlsServerName?: string;
  /**
   * @deprecated No longer needed: a resume starts after the last of `seenIds`, and the
   * client lists the agent's buffer at once to find it. Still checked (a broken saved
   * index throws), otherwise unused.
   */
  initialIndex?: string;
  /**
   * IDs of events already handled (a checkpoint, oldest first: `EventCheckpoint`'s
   * `resumeOptions()`). None of them is ever emitted, and the subscription resumes after the
   * last of them: it emits only the events the agent lists after that one. When that event
   * is no longer listed, a `gap` status says so and every listed event not among `seenIds`
   * is emitted. Given, they take the place of `replay`.
   * @default none
   */
  seenIds?: Iterable<string>;
  /**
   * With no `seenIds`, whether to emit the events already in the agent's buffer when the
   * subscription starts; `false` emits only the events the client had not seen listed when
   * you subscribed (see the README's delivery guarantee for a start while the agent is
   * unreachable).
   * @default true
   */
  replay?: boolean;
  /**
   * Join the one long-poll this process (JavaScript realm) runs for the same agent, token,
   * TLS settings, `timeout`, `retry` and `scheduler`: one connection for any number of
   * subscriptions and names. `false` runs a long-poll of its own, on its own connection,
   * which the agent filters by name when the subscription watches exactly one.
   * @default true
   */
  shared?: boolean;
  /** Retry and backoff policy. @default `{ initialDelay: 1000, maxDelay: 30000, maxRetries: Infinity }` */
  retry?: RetryOptions;
  /**
   * How many event IDs the long-poll remembers, at least, to suppress duplicates (least
   * recently seen forgotten first; always grown to the longest list the agent sends), and
   * how many of `seenIds` are kept.
   * @default 1024
   */
  seenWindow?: number;
  /**
   * Called with each change in the subscription's health: retries, recoveries, throttling,
   * ACL filtering and possible gaps (see {@link ConsulEventsStatus}). Runs inside the
   * stream: if it throws, the stream errors with that error.
   * @default none
   */
  onStatus?: (status: ConsulEventsStatus) => void;
  /** Scheduler for backoff timers and clock readings (tests can inject one). @default asyncScheduler */
  scheduler?: SchedulerLike;
}
