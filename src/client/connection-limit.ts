import { ConsulHttpError } from './errors';

/**
 * The body (without its final newline) of the 429 a Consul agent writes on a connection
 * past `limits.http_max_conns_per_client` (default 200 per client IP), as soon as it
 * accepts it (hashicorp/go-connlimit's handler, Consul 1.14–1.22). No `Retry-After` comes
 * with it.
 */
const CONNECTION_LIMIT_TEXT = 'Your IP is issuing too many concurrent connections, please rate limit your calls';

/**
 * Whether `error` is the agent refusing a connection because this client IP already holds
 * as many as it allows, rather than any other 429 (a rate limiter's).
 *
 * @example
 * ```ts
 * isConnectionLimit(new ConsulHttpError(429, 'Your IP is issuing too many concurrent connections, please rate limit your calls\n', 'GET /v1/event/list')); // true
 * isConnectionLimit(new ConsulHttpError(429, 'slow down', 'GET /v1/event/list')); // false
 * ```
 */
export function isConnectionLimit(error: unknown): error is ConsulHttpError {
  return error instanceof ConsulHttpError && error.status === 429 && error.body.startsWith(CONNECTION_LIMIT_TEXT);
}
