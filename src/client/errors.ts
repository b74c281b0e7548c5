/**
 * The errors a `consulEvents$` stream can end with. Every one extends {@link ConsulError},
 * carries a sanitised `request` line (method and path; the ACL token is never part of it)
 * and says whether it is `transient` (retried with backoff) or final.
 *
 * @example
 * ```ts
 * import { consulEvents$, ConsulHttpError } from 'rx-consul-events';
 *
 * consulEvents$('deploy').subscribe({
 *   error: (err) => {
 *     if (err instanceof ConsulHttpError && err.status === 403) console.error('check the token:', err.message);
 *   },
 * });
 * // check the token: Consul answered 403 to GET /v1/event/list?name=deploy&wait=60s: ACL not found
 * ```
 */
export class ConsulError extends Error {
  override readonly name: string = 'ConsulError';

  constructor(
    message: string,
    /** The request that failed, e.g. `GET /v1/event/list?name=deploy&index=42&wait=60s`. */
    readonly request: string,
    /** Whether the stream retries this failure (with backoff) instead of ending. */
    readonly transient: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Longest piece of a response body quoted in an error message. */
const MAX_QUOTED_BODY = 512;

/**
 * Consul answered with a non-2xx status. `body` holds Consul's message (trimmed), e.g.
 * `ACL not found`, `Invalid wait time`, `Permission denied`. 5xx and 429 are transient.
 *
 * @example
 * ```ts
 * import { ConsulHttpError } from 'rx-consul-events';
 *
 * const err = new ConsulHttpError(403, 'ACL not found', 'GET /v1/event/list?name=deploy');
 * console.log(err.status, err.transient, err.message);
 * // 403 false Consul answered 403 to GET /v1/event/list?name=deploy: ACL not found
 * ```
 */
export class ConsulHttpError extends ConsulError {
  override readonly name = 'ConsulHttpError';
  /** Consul's message, whitespace-trimmed and cut to 512 characters. */
  readonly body: string;

  constructor(
    readonly status: number,
    body: string,
    request: string,
    /**
     * Delay the agent asked for with `Retry-After`, in milliseconds, when it asked for one
     * (a positive number of seconds or a future date): the least delay before the retry.
     */
    readonly retryAfterMs?: number,
  ) {
    const trimmed = body.trim().slice(0, MAX_QUOTED_BODY);
    super(
      `Consul answered ${status} to ${request}${trimmed ? `: ${trimmed}` : ''}`,
      request,
      status >= 500 || status === 429,
    );
    this.body = trimmed;
  }
}

/**
 * The agent could not be reached, or the connection broke or ended before a complete
 * answer (refused, reset, DNS, a `101 Switching Protocols` nobody asked for). Always
 * transient; the original error is kept as `cause`.
 *
 * @example
 * ```ts
 * import { ConsulNetworkError } from 'rx-consul-events';
 *
 * const err = new ConsulNetworkError('connect ECONNREFUSED 127.0.0.1:8500', 'GET /v1/event/list', new Error('ECONNREFUSED'));
 * console.log(err.message); // Could not reach Consul for GET /v1/event/list: connect ECONNREFUSED 127.0.0.1:8500
 * ```
 */
export class ConsulNetworkError extends ConsulError {
  override readonly name = 'ConsulNetworkError';

  constructor(reason: string, request: string, cause: unknown) {
    super(`Could not reach Consul for ${request}: ${reason}`, request, true, { cause });
  }
}

/**
 * The agent did not answer completely within the HTTP deadline (for a long-poll the
 * blocking wait plus a margin; for `fireEvent` its `timeout`): the deadline covers the
 * whole exchange from send (connecting, the TLS handshake, the headers and the complete
 * body), so an answer that trickles in never holds a request past it. `timeoutMs` is that
 * deadline. Transient.
 *
 * @example
 * ```ts
 * import { ConsulTimeoutError } from 'rx-consul-events';
 *
 * console.log(new ConsulTimeoutError(68750, 'GET /v1/event/list').message);
 * // Consul did not answer GET /v1/event/list within 68750 ms
 * ```
 */
export class ConsulTimeoutError extends ConsulError {
  override readonly name = 'ConsulTimeoutError';

  constructor(
    readonly timeoutMs: number,
    request: string,
    cause?: unknown,
  ) {
    super(`Consul did not answer ${request} within ${timeoutMs} ms`, request, true, { cause });
  }
}

/**
 * A 2xx answer the client cannot use: a body that is not a JSON array of events, or a
 * missing or garbage `X-Consul-Index`. Transient (a proxy or a restarting agent can send
 * one); nothing from that answer is delivered.
 *
 * @example
 * ```ts
 * import { ConsulResponseError } from 'rx-consul-events';
 *
 * console.log(new ConsulResponseError('X-Consul-Index is missing', 'GET /v1/event/list').message);
 * // Unusable answer from Consul to GET /v1/event/list: X-Consul-Index is missing
 * ```
 */
export class ConsulResponseError extends ConsulError {
  override readonly name = 'ConsulResponseError';

  constructor(reason: string, request: string) {
    super(`Unusable answer from Consul to ${request}: ${reason}`, request, true);
  }
}
