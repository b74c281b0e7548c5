const REDACTED = '[redacted]';

/**
 * Removes the token from text an agent or a proxy sent back (some echo request headers in
 * their error pages), so that no error message ever quotes it.
 *
 * @example
 * ```ts
 * redactToken('403 for token s3cret', 's3cret'); // '403 for token [redacted]'
 * ```
 */
export function redactToken(text: string, token: string | undefined): string {
  return token && text.includes(token) ? text.split(token).join(REDACTED) : text;
}
