/**
 * The longest `Retry-After` honoured: one hour, the longest delay the retry options accept
 * (the retry policy then keeps the delay within `maxDelay`). A larger value (or a far-off
 * date) would overflow the timer, which then fires at once: a hot loop.
 */
const MAX_RETRY_AFTER_MS = 3_600_000;

/** `delay-seconds` (RFC 9110 §10.2.3 says digits; a decimal fraction is taken as meant). */
const DELAY_SECONDS = /^\d+(?:\.\d+)?$/;

/** The month of an HTTP date (IMF-fixdate, RFC 850 or asctime form). */
const MONTH = /\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b/;

/**
 * The delay an agent (or a proxy in front of it) asks for with `Retry-After`, in
 * milliseconds: a number of seconds, or an HTTP date. `undefined` when it asks for no
 * delay at all: no header, `0`, a negative number, an empty or unparsable value, a date
 * already past. Such a value is treated as absent, so the plain backoff applies instead of
 * a fixed one-request-per-`initialDelay` loop. At most one hour.
 *
 * @example
 * ```ts
 * parseRetryAfter('2'); // 2000
 * parseRetryAfter('0'); // undefined
 * parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:30 GMT')); // 30000
 * ```
 *
 * @param value the header's value, `undefined` when it was not sent
 * @param now the current time in ms since the epoch, for a date
 */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  const text = value?.trim() ?? '';
  let delayMs = NaN;
  if (DELAY_SECONDS.test(text)) delayMs = Number(text) * 1000;
  // Every HTTP-date form names its month; `Date.parse` alone takes "-1" or "x 2030" for dates.
  else if (MONTH.test(text)) delayMs = Date.parse(text) - now;
  return delayMs > 0 ? Math.min(delayMs, MAX_RETRY_AFTER_MS) : undefined;
}
