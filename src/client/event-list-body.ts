import type { ConsulEvent } from '../consul/event';
import { ConsulResponseError } from './errors';

/**
 * The most events one answer may list. An agent keeps 256; a longer list comes from a
 * broken agent or proxy. The seen window grows to the longest answer, so this also bounds
 * what a hostile answer can make each subscription remember.
 */
export const MAX_LISTED_EVENTS = 1_024;

/** What makes `value` unusable as an event (the fields the stream and its operators rely on), or `undefined`. */
function eventDefect(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'is not an object';
  const { ID, Name, Payload } = value as Record<string, unknown>;
  if (typeof ID !== 'string') return 'has no string ID';
  if (typeof Name !== 'string') return 'has no string Name';
  if (Payload !== null && typeof Payload !== 'string') return 'has a Payload that is neither a string nor null';
  return undefined;
}

/**
 * The events of a whole `/v1/event/list` body, validated: a JSON array of at most
 * {@link MAX_LISTED_EVENTS} objects, each with a string `ID` and `Name` and a string-or-null
 * `Payload`. Anything else throws a `ConsulResponseError` for the whole answer;
 * `redact` cleans the body before a piece of it is quoted.
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
