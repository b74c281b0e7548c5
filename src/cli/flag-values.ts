import { UsageError } from './usage-error';

/**
 * A flag's number of seconds, above 0 and at most `max`; anything else is a usage error
 * naming the flag and echoing the value.
 *
 * @example
 * ```ts
 * secondsFlag('--timeout', '90', 600); // 90
 * secondsFlag('--timeout', 'abc', 600); // throws UsageError: --timeout must be a number of seconds above 0 and at most 600, got "abc"
 * ```
 */
export function secondsFlag(flag: string, value: string, max: number): number {
  const seconds = value.trim() === '' ? NaN : Number(value);
  if (!(seconds > 0 && seconds <= max)) {
    throw new UsageError(`${flag} must be a number of seconds above 0 and at most ${max}, got ${JSON.stringify(value)}`);
  }
  return seconds;
}
