import { marshalGoJson } from '../consul/go-json';

/**
 * One HTTP request as both doors (MSW, node:http) hand it to {@link answerEventRequest}.
 *
 * @example
 * ```ts
 * const request: EmulatedRequest = {
 *   method: 'GET', target: '/v1/event/list?name=deploy&index=42&wait=30s',
 *   headers: new Headers({ 'X-Consul-Token': 'secret' }), body: null, signal: controller.signal,
 * };
 * ```
 */
export interface EmulatedRequest {
  method: string;
  /** Path and query exactly as sent, still percent-encoded. */
  target: string;
  headers: Headers;
  /**
   * The body when its length was known up front (a `Content-Length` on the wire); `null`
   * for a chunked body, which the agent never reads. The server door keeps at most the
   * first 513 bytes of it: a longer payload is refused with the same text whatever its length.
   */
  body: Uint8Array | null;
  /** Fires when the client goes away; a blocked or hung request then ends. */
  signal?: AbortSignal;
}

/**
 * What the emulated agent does with a request: answer it, or drop the connection.
 *
 * @example
 * ```ts
 * const answer: EmulatedAnswer = { kind: 'response', status: 400, headers: {}, body: 'Invalid index' };
 * const reset: EmulatedAnswer = { kind: 'reset' };
 * ```
 */
export type EmulatedAnswer =
  | { kind: 'response'; status: number; headers: Record<string, string>; body: string }
  | { kind: 'reset' };

/**
 * The connection drops without an answer.
 *
 * @example
 * ```ts
 * return RESET_CONNECTION;
 * ```
 */
export const RESET_CONNECTION: EmulatedAnswer = Object.freeze({ kind: 'reset' });

/**
 * The content type Go's net/http sniffs for the agent's plain-text errors.
 *
 * @example
 * ```ts
 * textAnswer(400, 'Invalid index').headers['Content-Type'] === PLAIN_TEXT; // true
 * ```
 */
export const PLAIN_TEXT = 'text/plain; charset=utf-8';

/**
 * A plain-text answer, the way the agent writes its errors (`fmt.Fprint` after `WriteHeader`).
 *
 * @example
 * ```ts
 * textAnswer(400, 'Invalid wait time');
 * // { kind: 'response', status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: 'Invalid wait time' }
 * ```
 */
export function textAnswer(status: number, body: string, headers: Record<string, string> = {}): EmulatedAnswer {
  return { kind: 'response', status, headers: { 'Content-Type': PLAIN_TEXT, ...headers }, body };
}

/**
 * A JSON answer as the agent encodes it (compact, or indented with `?pretty`).
 *
 * @example
 * ```ts
 * jsonAnswer([], false, { 'X-Consul-Index': '1' });
 * // { kind: 'response', status: 200, headers: { 'Content-Type': 'application/json', 'X-Consul-Index': '1' }, body: '[]' }
 * ```
 */
export function jsonAnswer(value: unknown, pretty: boolean, headers: Record<string, string> = {}): EmulatedAnswer {
  return {
    kind: 'response',
    status: 200,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: marshalGoJson(value, pretty),
  };
}
