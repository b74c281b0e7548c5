import { parseConsulIndex } from './consul-index';
import { parseGoDuration } from './go-duration';

/**
 * Consul's bound on a blocking `GET /v1/event/list` (`maxQueryTime` in the agent package):
 * a missing or zero `wait` means this long, and a longer one is cut to it. The event
 * endpoint adds no jitter.
 *
 * @example
 * ```ts
 * parseBlockingParams('1h', '42').waitMs === MAX_QUERY_TIME_MS; // true
 * ```
 */
export const MAX_QUERY_TIME_MS = 600_000;
const NANOSECONDS_PER_MS = 1_000_000n;
const MAX_QUERY_TIME_NS = BigInt(MAX_QUERY_TIME_MS) * NANOSECONDS_PER_MS;

/**
 * The `index` and `wait` of a list request, as the agent will use them.
 *
 * @example
 * ```ts
 * const params: BlockingParams = { index: '7256511592453824992', waitMs: 30_000 };
 * ```
 */
export interface BlockingParams {
  /**
   * The `index` in canonical decimal (`007` → `7`), or `undefined` when absent. `0` is
   * kept: it never blocks.
   */
  index: string | undefined;
  /**
   * How long a blocked request may wait, in milliseconds. `Infinity` for a negative `wait`:
   * Consul sets no timer then, so the request waits until the list changes.
   */
  waitMs: number;
}

/**
 * The exact 400 body Consul sends for a malformed parameter.
 *
 * @example
 * ```ts
 * const body: BlockingParamsError = 'Invalid wait time';
 * ```
 */
export type BlockingParamsError = 'Invalid wait time' | 'Invalid index';

/**
 * Reads `wait` and `index` the way the agent does (`parseWait` then the event endpoint's
 * own bounds): `wait` first, so a request with both malformed gets `Invalid wait time`.
 * Empty strings count as absent.
 *
 * @example
 * ```ts
 * parseBlockingParams('30s', '42');  // { index: '42', waitMs: 30000 }
 * parseBlockingParams(null, '42');   // { index: '42', waitMs: 600000 }
 * parseBlockingParams('30', '42');   // { error: 'Invalid wait time' }
 * parseBlockingParams('1s', '-1');   // { error: 'Invalid index' }
 * ```
 */
export function parseBlockingParams(
  wait: string | null | undefined,
  index: string | null | undefined,
): BlockingParams | { error: BlockingParamsError } {
  const waitNs = wait ? parseGoDuration(wait) : 0n;
  if (waitNs === undefined) return { error: 'Invalid wait time' };
  if (!index) return { index: undefined, waitMs: waitMsFor(waitNs) };
  const parsedIndex = parseConsulIndex(index);
  if (parsedIndex === undefined) return { error: 'Invalid index' };
  return { index: parsedIndex, waitMs: waitMsFor(waitNs) };
}

function waitMsFor(waitNs: bigint): number {
  if (waitNs < 0n) return Infinity;
  if (waitNs === 0n || waitNs > MAX_QUERY_TIME_NS) return MAX_QUERY_TIME_MS;
  return Number(waitNs) / Number(NANOSECONDS_PER_MS);
}
