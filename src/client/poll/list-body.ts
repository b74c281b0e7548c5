import type { ConsulEvent } from '../../consul/event';
import { ConsulResponseError } from '../errors';
import type { AnswerBody } from '../transport/answer-body';

/**
 * The most events one answer may list. An agent keeps 256; a longer list comes from a
 * broken agent or proxy. The seen window grows to the longest answer, so this also bounds
 * what a hostile answer can make each poll remember.
 */
export const MAX_LISTED_EVENTS = 1_024;

/**
 * The longest event ID accepted. Consul's are 36-character UUIDs; the seen windows keep
 * IDs, so an absurd one (a hostile agent sending megabytes of ID per answer) must not get in.
 */
export const MAX_EVENT_ID_LENGTH = 128;

/** What makes `value` unusable as an event (the fields the stream and its operators rely on), or `undefined`. */
function eventDefect(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'is not an object';
  const { ID, Name, Payload } = value as Record<string, unknown>;
  if (typeof ID !== 'string') return 'has no string ID';
  if (ID.length > MAX_EVENT_ID_LENGTH) return `has an ID of ${ID.length} characters (Consul's are 36, at most ${MAX_EVENT_ID_LENGTH} are accepted)`;
  if (typeof Name !== 'string') return 'has no string Name';
  if (Payload !== null && typeof Payload !== 'string') return 'has a Payload that is neither a string nor null';
  return undefined;
}

/**
 * The events of a whole `/v1/event/list` body, validated: a JSON array of at most
 * {@link MAX_LISTED_EVENTS} objects, each with a string `ID` (at most
 * {@link MAX_EVENT_ID_LENGTH} characters) and `Name` and a string-or-null `Payload`.
 * Anything else throws a `ConsulResponseError` for the whole answer; `redact` cleans the
 * body before a piece of it is quoted.
 */
export function parseEventList(body: string, redact: (text: string) => string, request: string): ConsulEvent[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new ConsulResponseError(`the body is not JSON (${JSON.stringify(redact(body).slice(0, 80))})`, request);
  }
  if (!Array.isArray(parsed)) throw new ConsulResponseError('the body is not a JSON array of events', request);
  if (parsed.length > MAX_LISTED_EVENTS) {
    throw new ConsulResponseError(`the body lists ${parsed.length} events; an agent keeps 256 and at most ${MAX_LISTED_EVENTS} are accepted`, request);
  }
  for (let i = 0; i < parsed.length; i++) {
    const defect = eventDefect(parsed[i]);
    if (defect !== undefined) throw new ConsulResponseError(`event ${i} of the body ${defect}`, request);
  }
  return parsed as ConsulEvent[];
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;


/** Position of the bracket or brace that closes the value open at `from`, skipping strings; -1 if none. */
export function closingPosition(body: AnswerBody, from: number): number {
  let depth = 1;
  let inString = false;
  for (let i = from; i < body.length; i++) {
    const c = body.codeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --depth === 0) return i;
  }
  return -1;
}

/**
 * An event's ID as compact JSON writes it, key and value: `"ID":"…"`, the ID escaped as
 * `JSON.stringify` escapes it (an agent that escapes it otherwise only costs a whole read).
 */
export function idKey(id: string): string {
  return `"ID":${JSON.stringify(id)}`;
}

/**
 * Where the last event with ID `id` is written in a `/v1/event/list` body (the position of
 * its {@link idKey}), or -1. An unescaped quote cannot occur inside a string, so this cannot
 * match inside a value; it can match a nested object's key, which the caller's comparison
 * with the previous body then refuses. The search runs from the end: the previous answer's
 * newest event, the one looked for, sits a few events from the end of the next answer, not
 * 45 KB into it.
 */
export function findLastEventId(body: AnswerBody, id: string): number {
  if (body.codeAt(0) !== OPEN_BRACKET) return -1;
  return body.lastIndexOf(idKey(id));
}

/**
 * The events listed after the event whose object closes at `end` (its `}`, found with
 * {@link closingPosition}), decoding and parsing only that end of the body. The agent lists
 * oldest first and only appends, so on a busy buffer the new events are a few at the end
 * of up to 256, and decoding and parsing the rest is most of the cost of an answer. Returns
 * `undefined` (the caller then parses the whole body) when what follows is not a list of
 * usable events.
 */
export function parseEventsAfter(body: AnswerBody, end: number): ConsulEvent[] | undefined {
  if (end < 0 || body.codeAt(end) !== CLOSE_BRACE) return undefined;
  const rest = body.text(end + 1).trim();
  let parsed: unknown;
  try {
    // `,{` (another event follows) or `]` (it was the newest): `,]` is no JSON list.
    parsed = rest.startsWith(',{') ? JSON.parse(`[${rest.slice(1)}`) : rest === ']' ? [] : undefined;
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length > MAX_LISTED_EVENTS) return undefined;
  return parsed.every((item) => eventDefect(item) === undefined) ? (parsed as ConsulEvent[]) : undefined;
}
