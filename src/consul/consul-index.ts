/**
 * The `X-Consul-Index` Consul computes for an event list: not a counter, but the XOR of
 * the two 64-bit halves of the newest event's UUID, printed in decimal (see
 * agent/event_endpoint.go `uuidToUint64`). An empty list has index `1`.
 *
 * The value is uniformly spread over 0..2^64−1, so it is kept as a string; JavaScript
 * numbers would round it.
 */
const EMPTY_LIST_INDEX = '1';
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Index of the event with this UUID, as the agent prints it.
 *
 * @example
 * ```ts
 * indexOfEventId('b54fe110-7af5-cafc-d1fb-afc8ba432b1c'); // '7256511592453824992'
 * ```
 */
export function indexOfEventId(id: string): string {
  if (!UUID_PATTERN.test(id)) {
    throw new TypeError(`event ID must be a UUID, got ${JSON.stringify(id)}`);
  }
  const hex = id.replace(/-/g, '');
  const high = BigInt(`0x${hex.slice(0, 16)}`);
  const low = BigInt(`0x${hex.slice(16)}`);
  return (high ^ low).toString(10);
}

/**
 * Index of a filtered event list: that of its newest (last) event, or `1` when empty.
 *
 * @example
 * ```ts
 * indexOfEventList([]);                                               // '1'
 * indexOfEventList([{ ID: 'b54fe110-7af5-cafc-d1fb-afc8ba432b1c' }]); // '7256511592453824992'
 * ```
 */
export function indexOfEventList(events: ReadonlyArray<{ ID: string }>): string {
  const newest = events[events.length - 1];
  return newest === undefined ? EMPTY_LIST_INDEX : indexOfEventId(newest.ID);
}

const MAX_UINT64 = (1n << 64n) - 1n;
const MAX_UINT64_DECIMAL = MAX_UINT64.toString(10);
const DECIMAL_UP_TO_20_DIGITS = /^[0-9]{1,20}$/;

/**
 * An `index` as the agent reads it (Go's `strconv.ParseUint(value, 10, 64)`), in canonical
 * decimal; `undefined` where Go refuses it (sign, non-digit, above 2^64−1). Leading zeros
 * are accepted, as Go accepts them.
 *
 * @example
 * ```ts
 * parseConsulIndex('0012463707457861586267'); // '12463707457861586267'
 * parseConsulIndex('18446744073709551616');   // undefined (2^64)
 * ```
 */
export function parseConsulIndex(value: string): string | undefined {
  if (!/^[0-9]+$/.test(value)) return undefined;
  const number = BigInt(value);
  return number <= MAX_UINT64 ? number.toString(10) : undefined;
}

/**
 * Whether `value` is an index an agent can have printed: at most 20 decimal digits of an
 * unsigned 64-bit number, which the agent also parses back.
 *
 * @example
 * ```ts
 * isConsulIndex('12463707457861586267'); // true
 * isConsulIndex('18446744073709551616'); // false: 2^64 does not fit
 * isConsulIndex('12, 12');               // false
 * ```
 */
export function isConsulIndex(value: string): boolean {
  // Digits only, then a string comparison at full length: no BigInt on every answer.
  return DECIMAL_UP_TO_20_DIGITS.test(value) && (value.length < 20 || value <= MAX_UINT64_DECIMAL);
}
