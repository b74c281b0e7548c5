import { parseBlockingParams } from '../consul/blocking-params';
import { jsonAnswer, RESET_CONNECTION, textAnswer, type EmulatedAnswer } from './emulated-http';
import type { ConsulEventStore } from './event-store';
import { requestToken } from './request-token';
import { ConnectionDroppedError } from './store-errors';

/**
 * `GET /v1/event/list` (agent/event_endpoint.go `EventList`): `wait` and `index` are
 * checked first (`400 Invalid wait time` / `400 Invalid index`), then the token (`403 ACL
 * not found`; a request without one is answered as the agent's default token, if any);
 * then the name-filtered, ACL-filtered list is returned, blocking while
 * `index` equals its current index. Only `name`, `index`, `wait`, `pretty` and the token
 * are read. A request dropped while blocked (client gone, restart, close) is a reset.
 *
 * @example
 * ```ts
 * await answerList(store, new URLSearchParams('name=deploy'), new Headers());
 * // { kind: 'response', status: 200, headers: { 'Content-Type': 'application/json', 'X-Consul-Index': '1' }, body: '[]' }
 * ```
 */
export async function answerList(
  store: ConsulEventStore,
  query: URLSearchParams,
  headers: Headers,
  signal?: AbortSignal,
): Promise<EmulatedAnswer> {
  const params = parseBlockingParams(query.get('wait'), query.get('index'));
  if ('error' in params) return textAnswer(400, params.error);
  const token = store.agentAcl.tokenFor(requestToken(query, headers));
  const access = store.agentAcl.authorize(token);
  if (!access) return textAnswer(403, 'ACL not found');
  const name = query.get('name') || undefined;
  try {
    const list = await store.waitForList(name, params.index, params.waitMs, signal, access.canRead);
    const answerHeaders: Record<string, string> = { 'X-Consul-Index': list.index };
    // Consul sets it only when the request is answered as a token (its own or the agent's
    // default one), so as not to leak to anonymous callers.
    if (token !== '' && list.hiddenByAcl) answerHeaders['X-Consul-Results-Filtered-By-ACLs'] = 'true';
    return jsonAnswer(list.events, query.has('pretty'), answerHeaders);
  } catch (error) {
    if (error instanceof ConnectionDroppedError || signal?.aborted) return RESET_CONNECTION;
    throw error;
  }
}
