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

/** How many event IDs a window keeps by default: four times the agent's 256-event buffer. */
export const DEFAULT_ID_WINDOW = 1_024;
/** The most event IDs a window may be asked to keep (about 1.3 GB of IDs at Consul's 36 characters). */
const MAX_ID_WINDOW = 10_000_000;

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
    /** A non-null object (an options bag), checked before its keys are read. */
    object<T extends object>(field: string, value: T | unknown): T {
      if (value === null || typeof value !== 'object') throw new TypeError(fail(field, 'an object', value));
      return value as T;
    },
    /** An event name as the agent reads it: a non-empty string a URL can carry (no lone UTF-16 surrogate). */
    eventName(field: string, value: unknown): string {
      const name = this.string(field, value);
      if (!name.isWellFormed()) throw new TypeError(fail(field, 'well-formed Unicode (it has a lone surrogate)', name));
      return name;
    },
    /** How many event IDs a window keeps (`seenWindow`, a checkpoint's capacity). */
    idWindow(field: string, value: unknown): number {
      return this.number(field, value, 1, MAX_ID_WINDOW, { integer: true });
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

/** The checks of one API entry point. */
export type OptionChecks = ReturnType<typeof optionChecks>;
