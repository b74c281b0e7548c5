import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { EmulatedAnswer, EmulatedRequest } from './emulated-http';

/**
 * Turns a node:http request into an {@link EmulatedRequest}: reads the body when it came
 * with a `Content-Length` (a chunked body is drained and dropped, as the agent drops it).
 * Resolves `undefined` when the client went away before the body arrived.
 *
 * @example
 * ```ts
 * const request = await readEmulatedRequest(req, controller.signal);
 * ```
 */
export async function readEmulatedRequest(req: IncomingMessage, signal: AbortSignal): Promise<EmulatedRequest | undefined> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of req) chunks.push(chunk as Buffer);
  } catch {
    return undefined;
  }
  const lengthKnown = req.headers['content-length'] !== undefined;
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const one of Array.isArray(value) ? value : [value ?? '']) headers.append(name, one);
  }
  return {
    method: req.method ?? 'GET',
    target: req.url ?? '/',
    headers,
    body: lengthKnown ? new Uint8Array(Buffer.concat(chunks)) : null,
    signal,
  };
}

/**
 * Sends an {@link EmulatedAnswer}: writes the response, or resets the connection (TCP RST
 * where the platform allows, so the client sees `ECONNRESET`).
 *
 * @example
 * ```ts
 * writeAnswer(res, { kind: 'response', status: 200, headers: {}, body: '[]' });
 * ```
 */
export function writeAnswer(res: ServerResponse, answer: EmulatedAnswer): void {
  if (answer.kind === 'reset') {
    if (res.socket) dropConnection(res.socket);
    return;
  }
  res.writeHead(answer.status, answer.headers).end(answer.body);
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
