import { indexOfEventId } from '../consul/consul-index';
import type { ConsulEvent } from '../consul/event';

/** Characters Go's `json.Encoder` escapes (HTML-safe by default) that `JSON.stringify` leaves as they are. */
const GO_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/**
 * What `consul watch -type=event` hands its handler on stdin, for one event: a JSON array
 * of that event as the agent lists it (Consul's field order, `Payload` in base64 or
 * `null`), encoded as Go's `json.Encoder` does (`<`, `>`, `&` escaped), then a newline.
 * Handlers written for `consul watch` (`jq '.[] | …'`) read it unchanged.
 *
 * @example
 * ```ts
 * consulWatchStdin(event);
 * // '[{"ID":"afe6d0d3-c8f7-bea6-0311-2b3672cdb3fd","Name":"deploy","Payload":"djEuMi4z","NodeFilter":"","ServiceFilter":"","TagFilter":"","Version":1,"LTime":9}]\n'
 * ```
 */
export function consulWatchStdin(event: ConsulEvent): string {
  const { ID, Name, Payload, NodeFilter, ServiceFilter, TagFilter, Version, LTime } = event;
  const json = JSON.stringify([{ ID, Name, Payload, NodeFilter, ServiceFilter, TagFilter, Version, LTime }]);
  return `${json.replace(/[<>&\u2028\u2029]/g, (char) => GO_ESCAPES[char]!)}\n`;
}

/**
 * The `CONSUL_INDEX` `consul watch` gives its handler for this event: the `X-Consul-Index`
 * the agent reports while this event is the newest it lists (computed from its ID).
 * Throws for an ID that is not a UUID, which no agent sends.
 *
 * @example
 * ```ts
 * consulWatchIndex({ ID: 'b54fe110-7af5-cafc-d1fb-afc8ba432b1c' }); // '7256511592453824992'
 * ```
 */
export function consulWatchIndex(event: Pick<ConsulEvent, 'ID'>): string {
  try {
    return indexOfEventId(event.ID);
  } catch {
    throw new Error(`event ${JSON.stringify(event.ID)} has an ID that is not a UUID, so it has no CONSUL_INDEX; its handler was not run`);
  }
}
