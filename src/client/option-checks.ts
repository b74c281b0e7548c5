/**
 * Checks for user-supplied option values. Each throws a `TypeError` (wrong type) or
 * `RangeError` (right type, out of range) whose message names the option and echoes the
 * value, e.g. `consulEvents$: options.port must be an integer from 1 to 65535, got 70000`.
 */

/** Renders a rejected value for an error message; `redact` hides secrets. */
export function describeValue(value: unknown, redact = false): string {
  if (redact) return `a ${value === null ? 'null' : typeof value} (value redacted)`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return 'a function';
  if (value === null || typeof value !== 'object') return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** Builds the checks for one API entry point, e.g. `option('consulEvents$')`. */
export function optionChecks(caller: string) {
  const fail = (field: string, expected: string, value: unknown, redact = false) =>
    `${caller}: ${field} must be ${expected}, got ${describeValue(value, redact)}`;

  return {
    fail,
    string(field: string, value: unknown, { redact = false, nonEmpty = true } = {}): string {
      if (typeof value !== 'string' || (nonEmpty && value === '')) {
        throw new TypeError(fail(field, nonEmpty ? 'a non-empty string' : 'a string', value, redact));
      }
      return value;
    },
    boolean(field: string, value: unknown): boolean {
      if (typeof value !== 'boolean') throw new TypeError(fail(field, 'true or false', value));
      return value;
    },
    number(field: string, value: unknown, min: number, max: number, { integer = false, minExclusive = false } = {}): number {
      const kind = integer ? 'an integer' : 'a number';
      const range = `${kind} ${minExclusive ? 'above' : 'from'} ${min} ${minExclusive ? 'and at most' : 'to'} ${max}`;
      if (typeof value !== 'number' || Number.isNaN(value)) throw new TypeError(fail(field, range, value));
      const tooLow = minExclusive ? value <= min : value < min;
      if ((integer && !Number.isInteger(value) && value !== Infinity) || tooLow || value > max) {
        throw new RangeError(fail(field, range, value));
      }
      return value;
    },
    knownKeys(field: string, value: object, known: readonly string[]): void {
      const unknown = Object.keys(value).filter((key) => !known.includes(key));
      if (unknown.length > 0) {
        throw new TypeError(
          `${caller}: ${field} has unknown option ${unknown.map((k) => JSON.stringify(k)).join(', ')}; known options are ${known.join(', ')}`,
        );
      }
    },
  };
}
