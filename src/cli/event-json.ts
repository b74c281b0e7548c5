import type { ConsulEvent } from '../consul/event';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * One event as a JSON line for humans and `jq`: Consul's fields, with `Payload` decoded to
 * text when it is valid UTF-8 (`PayloadEncoding: "utf-8"`), else left in base64
 * (`PayloadEncoding: "base64"`).
 */
export function eventJsonLine(event: ConsulEvent): string {
  if (event.Payload === null) return JSON.stringify(event);
  const bytes = Buffer.from(event.Payload, 'base64');
  try {
    return JSON.stringify({ ...event, Payload: strictUtf8.decode(bytes), PayloadEncoding: 'utf-8' });
  } catch {
    return JSON.stringify({ ...event, PayloadEncoding: 'base64' });
  }
}
