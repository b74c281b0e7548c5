import { isMalformedGoQuery } from '../consul/go-query';
import { answerWithFault } from './answer-with-fault';
import { answerFire } from './fire-endpoint';
import { textAnswer, type EmulatedAnswer, type EmulatedRequest } from './emulated-http';
import type { ConsulEventStore } from './event-store';
import type { EventRoute } from './fault-injection';
import { answerList } from './list-endpoint';
import { decodePercentEncoded } from './percent-decoding';

const LIST_PATH = '/v1/event/list';
const FIRE_PREFIX = '/v1/event/fire/';
const ALLOWED_METHOD: Readonly<Record<EventRoute, string>> = { list: 'GET', fire: 'PUT' };

/**
 * The emulated agent's whole HTTP behaviour for the event endpoints, in one place: both
 * the MSW handlers and the node:http server call it, so they answer identically.
 * Returns `undefined` for a path that is not an event endpoint.
 *
 * Order: route on the decoded path; a queued fault for that route, if any; a query Go
 * cannot parse (`;`, a bad `%` escape) → `500` with an empty body; `OPTIONS` →
 * `200` with `Allow`; another method → `405` with `Allow` and `method X not allowed`;
 * then the endpoint itself. Every answer carries the agent's `X-Consul-Default-ACL-Policy`.
 *
 * @example
 * ```ts
 * const answer = await answerEventRequest(store, {
 *   method: 'GET', target: '/v1/event/list?name=deploy', headers: new Headers(), body: null,
 * });
 * // { kind: 'response', status: 200, headers: { …, 'X-Consul-Index': '1' }, body: '[]' }
 * ```
 */
export async function answerEventRequest(store: ConsulEventStore, request: EmulatedRequest): Promise<EmulatedAnswer | undefined> {
  const queryStart = request.target.indexOf('?');
  const query = new URLSearchParams(queryStart < 0 ? '' : request.target.slice(queryStart + 1));
  const path = requestPath(request.target);
  const route = eventRoute(request.target);
  if (!route) return undefined;

  const answerEndpoint = async (): Promise<EmulatedAnswer> => {
    if (isMalformedGoQuery(queryStart < 0 ? '' : request.target.slice(queryStart + 1))) {
      return { kind: 'response', status: 500, headers: {}, body: '' };
    }
    const allow = { Allow: `OPTIONS,${ALLOWED_METHOD[route]}` };
    if (request.method === 'OPTIONS') return { kind: 'response', status: 200, headers: allow, body: '' };
    if (request.method !== ALLOWED_METHOD[route]) return textAnswer(405, `method ${request.method} not allowed`, allow);
    return route === 'list'
      ? answerList(store, query, request.headers, request.signal)
      : answerFire(store, path.slice(FIRE_PREFIX.length), query, request.headers, request.body);
  };
  const fault = store.takeFault(route);
  const answer = await (fault ? answerWithFault(fault, answerEndpoint, store, request.signal) : answerEndpoint());
  if (answer.kind === 'reset') return answer;
  // The agent's handler wrapper sets it on every answer of its endpoints (agent/http.go).
  return { ...answer, headers: { ...answer.headers, 'X-Consul-Default-ACL-Policy': store.agentAcl.defaultPolicy } };
}

/**
 * The event endpoint a request target (path and query, percent-encoded) goes to, routed on
 * the decoded path as Go's mux does; `undefined` for any other path.
 *
 * @example
 * ```ts
 * eventRoute('/v1/event/fire/deploy?node=web'); // 'fire'
 * eventRoute('/v1/event/%6Cist');               // 'list'
 * eventRoute('/v1/kv/deploy');                  // undefined
 * ```
 */
export function eventRoute(target: string): EventRoute | undefined {
  const path = requestPath(target);
  return path === LIST_PATH ? 'list' : path.startsWith(FIRE_PREFIX) ? 'fire' : undefined;
}

function requestPath(target: string): string {
  const queryStart = target.indexOf('?');
  return decodePercentEncoded(queryStart < 0 ? target : target.slice(0, queryStart));
}
