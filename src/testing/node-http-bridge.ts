import { constants as http2Constants } from 'node:http2';
import type { Socket } from 'node:net';
import type { AgentRequest, AgentResponse } from './agent-server';
import { eventRoute } from './answer-event-request';
import type { EmulatedRequest } from './emulated-http';
import type { WireAnswer } from './gzip-answer';
import { readBoundedBody } from './request-body';

/**
 * A request read off the wire: what the agent's handler sees, and whether part of its body
 * was left unread (the connection then closes after the answer, as Go's server does).
 *
 * @example
 * ```ts
 * const read: ReadRequest = { ...request, bodyLeftUnread: false };
 * ```
 */
export type ReadRequest = EmulatedRequest & { bodyLeftUnread: boolean };

/**
 * Turns a node:http request into an {@link EmulatedRequest}, buffering at most a few
 * hundred bytes of its body whatever the client sends: a fire body with a
 * `Content-Length` is read to its end keeping only what can change the answer; a chunked
 * body is dropped, as the agent drops it, after Go's server discards up to 256 KiB of it;
 * a body of any other request is discarded the same way. Resolves `undefined` when the
 * client went away before the body arrived.
 *
 * @example
 * ```ts
 * const request = await readEmulatedRequest(req, controller.signal);
 * if (request) writeAnswer(res, await answerEventRequest(store, request), request.bodyLeftUnread);
 * ```
 */
export async function readEmulatedRequest(req: AgentRequest, signal: AbortSignal): Promise<ReadRequest | undefined> {
  const target = req.url ?? '/';
  const declaredLength = declaredBodyLength(req);
  const agentReads = req.method === 'PUT' && eventRoute(target) === 'fire' && (declaredLength ?? 0) > 0;
  const body = await readBoundedBody(req, { agentReads, declaredLength });
  if (!body) return undefined;
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith(':')) continue; // HTTP/2 pseudo-headers
    for (const one of Array.isArray(value) ? value : [value ?? '']) headers.append(name, one);
  }
  return {
    method: req.method ?? 'GET',
    target,
    headers,
    body: declaredLength === undefined ? null : body.kept,
    signal,
    bodyLeftUnread: body.leftUnread,
  };
}

/**
 * The body's length as the agent sees it (`req.ContentLength`): declared, 0 without a body,
 * `undefined` when unknown (chunked, or HTTP/2 data without a `content-length`).
 */
function declaredBodyLength(req: AgentRequest): number | undefined {
  const declared = req.headers['content-length'];
  if (declared !== undefined) return Number(declared);
  if ('stream' in req) return req.stream.endAfterHeaders ? 0 : undefined;
  return req.headers['transfer-encoding'] === undefined ? 0 : undefined;
}

/**
 * Sends an answer: writes the response, or resets the connection (TCP RST where the
 * platform allows, so the client sees `ECONNRESET`). With `closeAfter`, the response says
 * `Connection: close` and the connection closes once it is sent. A `Vary` already set on
 * the response (CORS) is kept beside the answer's.
 *
 * @example
 * ```ts
 * writeAnswer(res, { kind: 'response', status: 200, headers: {}, body: '[]' });
 * ```
 */
export function writeAnswer(res: AgentResponse, answer: WireAnswer, closeAfter = false): void {
  const http2Stream = 'stream' in res ? res.stream : undefined;
  if (answer.kind === 'reset') {
    // Over HTTP/2 only this request's stream is reset: its connection carries others.
    if (http2Stream) http2Stream.close(http2Constants.NGHTTP2_INTERNAL_ERROR);
    else if (res.socket) dropConnection(res.socket);
    return;
  }
  // HTTP/2 has no Connection header: closing the stream after the answer is all it takes.
  const headers: Record<string, string> = closeAfter && !http2Stream ? { ...answer.headers, Connection: 'close' } : { ...answer.headers };
  const varyAlready = res.getHeader('Vary');
  if (varyAlready !== undefined && headers.Vary !== undefined) headers.Vary = `${String(varyAlready)}, ${headers.Vary}`;
  res.writeHead(answer.status, headers);
  res.end(answer.body);
}

/**
 * Closes a connection abruptly, as a crashing or restarting agent would: a TCP reset when
 * possible (TLS sockets cannot send a bare reset, so they are destroyed).
 *
 * @example
 * ```ts
 * for (const socket of openSockets) dropConnection(socket);
 * ```
 */
export function dropConnection(socket: Socket): void {
  try {
    socket.resetAndDestroy();
  } catch {
    socket.destroy();
  }
}
