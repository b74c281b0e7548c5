/**
 * Go's `time.ParseDuration`, which Consul uses to read the `wait` parameter: a possibly
 * signed sequence of decimal numbers, each with an optional fraction and a unit
 * (`ns`, `us`, `µs`, `μs`, `ms`, `s`, `m`, `h`), e.g. `30s`, `1m30s`, `250ms`, `1.5h`,
 * `-2s`. The lone string `0` (optionally signed) is the only number allowed without a unit.
 */
const NANOSECONDS_PER_UNIT: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5 micro sign
  'μs': 1_000n, // U+03BC Greek small letter mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
/** Go's `time.Duration` is an int64 of nanoseconds. */
const INT64_LIMIT = 1n << 63n;
/** One number and its unit: digits, an optional fraction, then anything up to the next digit or dot. */
const TERM = /^(\d*)(?:\.(\d*))?([^\d.]*)/;

/**
 * Parses a Go duration into nanoseconds, or returns `undefined` where Go returns an error
 * (Consul then answers `400 Invalid wait time`).
 *
 * @example
 * ```ts
 * parseGoDuration('1m30s'); // 90_000_000_000n
 * parseGoDuration('250ms'); // 250_000_000n
 * parseGoDuration('0');     // 0n
 * parseGoDuration('30');    // undefined: a bare number needs a unit
 * ```
 */
export function parseGoDuration(text: string): bigint | undefined {
  const negative = text.startsWith('-');
  let rest = /^[-+]/.test(text) ? text.slice(1) : text;
  if (rest === '0') return 0n;
  if (rest === '') return undefined;
  let total = 0n;
  while (rest !== '') {
    const term = TERM.exec(rest);
    const [consumed = '', whole = '', fraction, unitName = ''] = term ?? [];
    const unit = NANOSECONDS_PER_UNIT[unitName];
    if ((whole === '' && !fraction) || unit === undefined) return undefined;
    const wholePart = BigInt(whole || '0');
    if (wholePart > INT64_LIMIT / unit) return undefined;
    const fractionPart = fraction ? (BigInt(fraction) * unit) / 10n ** BigInt(fraction.length) : 0n;
    total += wholePart * unit + fractionPart;
    if (total > INT64_LIMIT) return undefined;
    rest = rest.slice(consumed.length);
  }
  if (negative) return -total;
  return total < INT64_LIMIT ? total : undefined;
}

/**
 * Writes a duration in seconds as Go's `time.ParseDuration` reads it, the way a client
 * sends `wait`: whole seconds as `60s`, anything finer as whole milliseconds (`500ms`).
 *
 * @example
 * ```ts
 * formatGoDuration(60);  // '60s'
 * formatGoDuration(0.5); // '500ms'
 * ```
 */
export function formatGoDuration(seconds: number): string {
  const millis = Math.round(seconds * 1000);
  return millis % 1000 === 0 ? `${millis / 1000}s` : `${millis}ms`;
}
