import type { ConsulEvent } from '../../consul/event';
import { textBody, type AnswerBody } from '../transport/answer-body';
import { closingPosition, findLastEventId, hasIdAt, idKeyBefore, MAX_LISTED_EVENTS, parseEventList, parseEventsAfter } from './list-body';

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
 * when that is provably all there is to read: that event is listed, and every event listed
 * before it is, in order, one the previous list held just before it. The agent only appends
 * to its ring, so that is the usual answer; anything else (an ACL change revealing or
 * hiding older events, a gossip duplicate appended after an eviction, a restart, a body that
 * is not Consul's compact JSON) is read whole, so no listed event goes unread.
 *
 * The events before the newest one are compared in place, without parsing them: with the
 * previous body in one comparison when it is given, else (or when that fails) ID by ID on
 * the decoded text. A body that arrived as bytes is decoded only from the newest known
 * event on. Throws the `ConsulResponseError` of {@link parseEventList} for a body that
 * cannot be read whole.
 *
 * @example
 * ```ts
 * const first = readEventList('[{"ID":"a",…}]', [], redact, request);        // { known: 0, events: [a] }
 * readEventList('[{"ID":"a",…},{"ID":"b",…}]', first.events, redact, request); // { known: 1, events: [b] }
 * ```
 */
export function readEventList(
  body: AnswerBody | string,
  previous: readonly ConsulEvent[],
  redact: (text: string) => string,
  request: string,
  previousBody?: AnswerBody,
): ListReading {
  const content = typeof body === 'string' ? textBody(body) : body;
  return readAfterPrevious(content, previous, previousBody) ?? { known: 0, events: parseEventList(content.text(), redact, request), body: content };
}

function readAfterPrevious(body: AnswerBody, previous: readonly ConsulEvent[], previousBody: AnswerBody | undefined): ListReading | undefined {
  const newest = previous.length - 1;
  if (newest < 0) return undefined;
  const id = previous[newest]!.ID;
  let at = findLastEventId(body, id);
  if (at < 0) return undefined;
  let end = closingPosition(body, at);
  let read = body;
  let first = previousBody === undefined ? undefined : firstKnownByText(body, end, previous, previousBody);
  if (first === undefined) {
    // The ID walk reads text: its positions are those of the decoded body.
    read = textBody(body.text());
    at = findLastEventId(read, id);
    end = closingPosition(read, at);
    first = firstKnownById(read.text(), at, previous);
  }
  if (first === undefined) return undefined;
  const tail = parseEventsAfter(read, end);
  const known = previous.length - first;
  // The bound of a whole read holds for this one too (parseEventList would refuse the body).
  if (tail === undefined || known + tail.length > MAX_LISTED_EVENTS) return undefined;
  return { known, events: tail, body };
}

/**
 * Walks back from the newest: each event before it must be the previous list's, in order,
 * each written as Consul writes a list (`[{"ID":` first, `},{"ID":` between). Returns
 * where they start in `previous`.
 */
function firstKnownById(body: string, at: number, previous: readonly ConsulEvent[]): number | undefined {
  let first = previous.length - 1;
  let key = at;
  for (let before = idKeyBefore(body, key); before >= 0; before = idKeyBefore(body, key)) {
    if (first === 0 || !startsEvent(body, key, '},{') || !hasIdAt(body, before, previous[first - 1]!.ID)) return undefined;
    first -= 1;
    key = before;
  }
  return key === FIRST_ID_AT - '"ID":"'.length && startsEvent(body, key, '[{') ? first : undefined;
}

/** Whether the `"ID":"` key at `key` opens an event object written right after `separator`. */
function startsEvent(body: string, key: number, separator: string): boolean {
  return body.startsWith(separator, key - separator.length);
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;
const COMMA = 0x2c;
const FIRST_ID_AT = '[{"ID":"'.length;

/**
 * The same check in one comparison: this body up to `end`, where the anchor (the previous
 * list's newest event) closes, must be, byte for byte, the end of the previous body from
 * `start`, where one of its events begins. An agent writes the same event the same way
 * every time, so that holds whenever the events before the anchor are the previous list's
 * last ones, in order. `previous` holds the previous body's events in the order written, so
 * the first of them is `previous[n]`, n the number of events written before `start`: counted
 * in the previous body (the few the agent evicted since), not by looking through `previous`,
 * whose 256 events are out of the CPU's caches by the time the next answer comes.
 */
function firstKnownByText(body: AnswerBody, end: number, previous: readonly ConsulEvent[], previousBody: AnswerBody): number | undefined {
  const previousEnd = previousBody.length - 1;
  const start = previousEnd - end;
  if (end < 0 || start < 1 || previousBody.codeAt(previousEnd) !== CLOSE_BRACKET || previousBody.codeAt(previousEnd - 1) !== CLOSE_BRACE) return undefined;
  if (!body.sameAs(1, end + 1, previousBody, start)) return undefined;
  const first = eventsWrittenBefore(previousBody, start);
  return first !== undefined && first < previous.length ? first : undefined;
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
