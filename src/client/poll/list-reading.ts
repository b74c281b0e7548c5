import type { ConsulEvent } from '../../consul/event';
import { findEventId, hasIdAt, idKeyBefore, parseEventList, parseEventsAfter } from './list-body';

/** One answer's list, read against the list the poll saw before it. */
export interface ListReading {
  /** Every event the agent lists, oldest first. */
  readonly listed: readonly ConsulEvent[];
  /**
   * How many leading events of `listed` are the previous list's last ones, in the same order,
   * up to and including its newest: taken from the previous list, not read again. `0` when
   * the body was read whole.
   */
  readonly known: number;
}

/**
 * Reads a `/v1/event/list` body, parsing only what follows the previous list's newest event
 * when that is provably all there is to read: that event is listed, and every event listed
 * before it is, in order, one the previous list held just before it. The agent only appends
 * to its ring, so that is the usual answer; anything else (an ACL change revealing or
 * hiding older events, a gossip duplicate appended after an eviction, a restart, a body that
 * is not Consul's compact JSON) is read whole, so no listed event goes unread.
 *
 * The IDs before the newest one are compared in place, without parsing the events they
 * belong to. Throws the `ConsulResponseError` of {@link parseEventList} for a body that
 * cannot be read whole.
 *
 * @example
 * ```ts
 * const first = readEventList('[{"ID":"a",…}]', [], redact, request);        // { listed: [a], known: 0 }
 * readEventList('[{"ID":"a",…},{"ID":"b",…}]', first.listed, redact, request); // { listed: [a, b], known: 1 }
 * ```
 */
export function readEventList(
  body: string,
  previous: readonly ConsulEvent[],
  redact: (text: string) => string,
  request: string,
): ListReading {
  return readAfterPrevious(body, previous) ?? { listed: parseEventList(body, redact, request), known: 0 };
}

function readAfterPrevious(body: string, previous: readonly ConsulEvent[]): ListReading | undefined {
  const newest = previous.length - 1;
  if (newest < 0) return undefined;
  const at = findEventId(body, previous[newest]!.ID);
  if (at < 0) return undefined;
  // Walk back from the newest: each event before it must be the previous list's, in order.
  let first = newest;
  for (let key = idKeyBefore(body, at); key >= 0; key = idKeyBefore(body, key)) {
    if (first === 0 || !hasIdAt(body, key, previous[first - 1]!.ID)) return undefined;
    first -= 1;
  }
  const tail = parseEventsAfter(body, at);
  if (tail === undefined) return undefined;
  const known = previous.length - first;
  return { listed: first === 0 && tail.length === 0 ? previous : previous.slice(first).concat(tail), known };
}
