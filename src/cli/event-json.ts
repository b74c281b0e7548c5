import { base64ToText } from '../client/base64';
import type { ConsulEvent } from '../consul/event';

/** The payload as UTF-8 text (as `decodePayload('text')` gives it), or `undefined` when it is not canonical base64 of valid UTF-8. */
function payloadText(payload: string): string | undefined {
  try {
    return base64ToText(payload);
  } catch {
    return undefined;
  }
}

/**
 * One event as a JSON line for humans and `jq`: Consul's fields, with `Payload` decoded to
 * text when it is valid UTF-8 (`PayloadEncoding: "utf-8"`), else left exactly as Consul
 * sent it (`PayloadEncoding: "base64"`). Base64 is decoded strictly, so a damaged payload
 * is never shown as text it does not hold.
 */
export function eventJsonLine(event: ConsulEvent): string {
  if (event.Payload === null) return JSON.stringify(event);
  const text = payloadText(event.Payload);
  return text === undefined
    ? JSON.stringify({ ...event, PayloadEncoding: 'base64' })
    : JSON.stringify({ ...event, Payload: text, PayloadEncoding: 'utf-8' });
}
