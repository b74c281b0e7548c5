import type { ConsulEvent } from '../../consul/event';
import type { AnswerBody } from '../transport/answer-body';
import { closingPosition, findLastEventId, idKey, MAX_LISTED_EVENTS, parseEventList, parseEventsAfter } from './list-body';

/**
 * One answer's list, read against the list the poll saw before it: the previous list's last
 * `known` events, then `events`.
 */
export interface ListReading {
  /**
   * How many events the list starts with that are the previous list's last ones, in the same
   * order, up to and including its newest: taken from the previous list, not read again.
   * `0` when the body was read whole.
   */
  readonly known: number;
  /** The events read from the body, oldest first: the whole list when `known` is 0. A new array, the reader's to keep. */
  readonly events: ConsulEvent[];
  /** The body read: the next answer's body is compared with it. */
  readonly body: AnswerBody;
}

/**
 * Reads a `/v1/event/list` body, parsing only what follows the previous list's newest event
 * when that is provably all there is to read: that event is listed, and everything written
 * before it is, byte for byte, the end of the previous body. The agent only appends to its
 * ring and writes an event the same way every time, so that is the usual answer; anything
 * else (an ACL change revealing or hiding older events, a gossip duplicate appended after an
 * eviction, a restart, a body that is not Consul's compact JSON, no previous body) is read
 * whole, so no listed event goes unread. A body that arrived as bytes is decoded only from
 * the newest known event on. Throws the `ConsulResponseError` of {@link parseEventList} for
 * a body that cannot be read whole.
 *
 * @example
 * ```ts
 * const first = readEventList(textBody('[{"ID":"a",…}]'), [], redact, request);                   // { known: 0, events: [a] }
 * readEventList(textBody('[{"ID":"a",…},{"ID":"b",…}]'), first.events, redact, request, first.body); // { known: 1, events: [b] }
 * ```
 */
export function readEventList(
  body: AnswerBody,
  previous: readonly ConsulEvent[],
  redact: (text: string) => string,
  request: string,
  previousBody?: AnswerBody,
): ListReading {
  return (previousBody === undefined ? undefined : readAfterPrevious(body, previous, previousBody))
    ?? { known: 0, events: parseEventList(body.text(), redact, request), body };
}

function readAfterPrevious(body: AnswerBody, previous: readonly ConsulEvent[], previousBody: AnswerBody): ListReading | undefined {
  const newest = previous.length - 1;
  if (newest < 0) return undefined;
  const at = findLastEventId(body, previous[newest]!.ID);
  if (at < 0) return undefined;
  const end = closingPosition(body, at);
  const first = firstKnown(body, end, previous, previousBody);
  if (first === undefined) return undefined;
  const tail = parseEventsAfter(body, end);
  const known = previous.length - first;
  // The bound of a whole read holds for this one too (parseEventList would refuse the body).
  if (tail === undefined || known + tail.length > MAX_LISTED_EVENTS) return undefined;
  return { known, events: tail, body };
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;
const COMMA = 0x2c;

/**
 * Where, in `previous`, the events listed up to the anchor start; `undefined` unless this
 * body up to `end`, where the anchor (the previous list's newest event) closes, is byte for
 * byte the end of the previous body from `start`, where one of its events begins. An agent
 * writes the same event the same way every time, so that holds whenever the events before
 * the anchor are the previous list's last ones, in order. `previous` holds the previous
 * body's events in the order written, so the first of them is `previous[n]`, n the number of
 * events written before `start`: counted in the previous body (the few the agent evicted
 * since), not by looking through `previous`, whose 256 events are out of the CPU's caches by
 * the time the next answer comes. That event's ID written at `start` confirms the count.
 */
function firstKnown(body: AnswerBody, end: number, previous: readonly ConsulEvent[], previousBody: AnswerBody): number | undefined {
  const previousEnd = previousBody.length - 1;
  const start = previousEnd - end;
  if (end < 0 || start < 1 || previousBody.codeAt(previousEnd) !== CLOSE_BRACKET || previousBody.codeAt(previousEnd - 1) !== CLOSE_BRACE) return undefined;
  if (!body.sameAs(1, end + 1, previousBody, start)) return undefined;
  const first = eventsWrittenBefore(previousBody, start);
  if (first === undefined || first >= previous.length) return undefined;
  return previousBody.indexOf(`{${idKey(previous[first]!.ID)}`, start) === start ? first : undefined;
}

/**
 * How many events a list body holds before `start`: `undefined` unless what lies between its
 * `[` and `start` is objects, each followed by a comma (so that an event begins at `start`).
 */
function eventsWrittenBefore(body: AnswerBody, start: number): number | undefined {
  let count = 0;
  let at = 1;
  for (; at < start; count++) {
    if (body.codeAt(at) !== OPEN_BRACE) return undefined;
    const close = closingPosition(body, at + 1);
    if (close < 0 || body.codeAt(close) !== CLOSE_BRACE || body.codeAt(close + 1) !== COMMA) return undefined;
    at = close + 2;
  }
  return at === start ? count : undefined;
}
