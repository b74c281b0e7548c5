import type { ConsulEvent } from '../consul/event';
import { ConsulHttpError, ConsulResponseError } from './errors';
import { normalizeFireOptions, type FireEventOptions } from './options/fire-options';
import { createConsulHttpClient } from './transport/create-http-client';
import { sendRequest } from './transport/http-client';

export type { FireEventOptions } from './options/fire-options';

/**
 * Fires a Consul user event: `PUT /v1/event/fire/:name` with the payload as raw bytes.
 *
 * The name (non-empty, and neither `.` nor `..`, which no URL path can carry), the filters
 * and the payload size are checked before anything is sent: the
 * agent gossips an event in one message of at most 512 bytes, shared with the name, the ID
 * and the filters (Consul advises payloads under 100 bytes). A non-2xx answer rejects with
 * a {@link ConsulHttpError}; nothing is retried, since firing twice would deliver twice.
 *
 * @example
 * ```ts
 * import { fireEvent } from 'rx-consul-events';
 *
 * const event = await fireEvent('deploy', 'v1.2.3');
 * console.log(event.ID, event.Payload); // 3f1c…-… djEuMi4z
 * await fireEvent('config', { flags: ['dark'] }, { json: true, service: '^web$' });
 * ```
 *
 * @param name event name (non-empty; not `.` or `..`)
 * @param payload text (sent as UTF-8), bytes, `null`/omitted for none, or any JSON value with `json: true`
 * @param options connection, filters and format; see {@link FireEventOptions}
 * @returns the event as the agent accepted it (a new `ID`, `Payload` in base64, `LTime` 0)
 */
export async function fireEvent(name: string, payload?: unknown, options: FireEventOptions = {}): Promise<ConsulEvent> {
  const { connection, path, body, timeoutMs, signal } = normalizeFireOptions(name, payload, options);
  const client = createConsulHttpClient(connection);
  try {
    const answer = await sendRequest(client, 'PUT', path, { timeoutMs, ...(signal && { signal }), ...(body !== null && { body }) });
    if (!answer.ok) throw new ConsulHttpError(answer.status, answer.body, `PUT ${path}`);
    let event: unknown;
    try {
      event = JSON.parse(answer.body);
    } catch {
      event = undefined;
    }
    if (event === null || typeof event !== 'object' || typeof (event as ConsulEvent).ID !== 'string') {
      throw new ConsulResponseError('the body is not the fired event as JSON', `PUT ${path}`);
    }
    return event as ConsulEvent;
  } finally {
    client.close();
  }
}
