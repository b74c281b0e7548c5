import { answerEventRequest } from './answer-event-request';
import { PLAIN_TEXT, type EmulatedRequest } from './emulated-http';
import type { ConsulEventStore } from './event-store';
import { throughGzipHandler, type WireAnswer } from './gzip-answer';
import { decodePercentEncoded } from './percent-decoding';

const FIRE_WITHOUT_NAME = '/v1/event/fire';

/**
 * The agent's whole HTTP answer to a request, as both doors send it: the event endpoints
 * through the agent's gzip handler; `/v1/event/fire` (no trailing slash) redirected with
 * `301` by Go's mux, for any method; any other path Consul's `404` text
 * (agent/http.go `Index`: one text for paths with `/v1/`, another for the rest).
 *
 * @example
 * ```ts
 * await answerAgentRequest(store, { method: 'PUT', target: '/v1/event/fire?x=1', headers: new Headers(), body: null });
 * // { kind: 'response', status: 301, headers: { Location: '/v1/event/fire/?x=1' }, body: '' }
 * ```
 */
export async function answerAgentRequest(store: ConsulEventStore, request: EmulatedRequest): Promise<WireAnswer> {
  const queryStart = request.target.indexOf('?');
  const path = decodePercentEncoded(queryStart < 0 ? request.target : request.target.slice(0, queryStart));
  if (path === FIRE_WITHOUT_NAME) {
    return { kind: 'response', status: 301, headers: { Location: `${FIRE_WITHOUT_NAME}/${queryStart < 0 ? '' : request.target.slice(queryStart)}` }, body: '' };
  }
  const answer = await answerEventRequest(store, request);
  if (!answer) {
    const text = path.includes('/v1/')
      ? 'Invalid URL path: not a recognized HTTP API endpoint\n'
      : "Invalid URL path: if attempting to use the HTTP API, ensure the path starts with '/v1/'\n";
    return { kind: 'response', status: 404, headers: { 'Content-Type': PLAIN_TEXT }, body: text };
  }
  return throughGzipHandler(answer, request.headers.get('Accept-Encoding'));
}
