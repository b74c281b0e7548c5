import { fireRejection } from '../consul/fire-validation';
import { goPatternError } from '../consul/go-regexp';
import type { EventFilters } from '../consul/user-event';
import { jsonAnswer, textAnswer, type EmulatedAnswer } from './emulated-http';
import type { ConsulEventStore } from './event-store';
import { requestToken } from './request-token';
import { EventRejectedError } from './store-errors';

/**
 * `PUT /v1/event/fire/:name` (agent/event_endpoint.go `EventFire`), in the agent's order:
 * empty name → `400 Missing name`; bad filters → `500` with the validation text; unknown
 * token → `500 ACL not found` (the handler writes 500 before the error is classified);
 * no write permission → `403 Permission denied`; too large for gossip → `500` with serf's
 * text. Success is `200` with the event (`LTime` 0) and no index header. `dc` is ignored:
 * the emulator is one datacenter.
 *
 * @example
 * ```ts
 * answerFire(store, 'deploy', new URLSearchParams(), new Headers(), new TextEncoder().encode('v1'));
 * // { kind: 'response', status: 200, …, body: '{"ID":"…","Name":"deploy","Payload":"djE=",…,"LTime":0}' }
 * ```
 */
export function answerFire(
  store: ConsulEventStore,
  name: string,
  query: URLSearchParams,
  headers: Headers,
  body: Uint8Array | null,
): EmulatedAnswer {
  if (name === '') return textAnswer(400, 'Missing name');
  const filters: EventFilters = {
    node: query.get('node') ?? '',
    service: query.get('service') ?? '',
    tag: query.get('tag') ?? '',
  };
  const invalid = fireRejection(name, filters, goPatternError);
  if (invalid) return textAnswer(500, invalid);
  const access = store.agentAcl.authorize(store.agentAcl.tokenFor(requestToken(query, headers)));
  if (!access) return textAnswer(500, 'ACL not found');
  if (!access.canWrite(name)) return textAnswer(403, 'Permission denied');
  try {
    return jsonAnswer(store.fire(name, body, filters), query.has('pretty'));
  } catch (error) {
    if (error instanceof EventRejectedError) return textAnswer(500, error.message);
    throw error;
  }
}
