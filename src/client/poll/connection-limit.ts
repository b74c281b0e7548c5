import { CONNECTION_LIMIT_TEXT } from '../../consul/connection-limit';
import { ConsulHttpError } from '../errors';

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
