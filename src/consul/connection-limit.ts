/**
 * The body, without its final newline, of the `429 Too Many Requests` a Consul agent writes
 * on a connection past `limits.http_max_conns_per_client` (default 200 per client IP), as
 * soon as it accepts it, then closes it (hashicorp/go-connlimit's default handler, Consul
 * 1.14–1.22). No `Retry-After` comes with it.
 *
 * @example
 * ```ts
 * body.startsWith(CONNECTION_LIMIT_TEXT); // the agent refused this connection, not a rate limiter
 * ```
 */
export const CONNECTION_LIMIT_TEXT = 'Your IP is issuing too many concurrent connections, please rate limit your calls';
