import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A request as the hostile agent received it. */
export interface ReceivedRequest {
  readonly method: string;
  /** Path and query exactly as sent (still percent-encoded). */
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  /** The client's port: one per connection. */
  readonly remotePort: number | undefined;
}

/**
 * A loopback HTTP server that answers whatever the test tells it to: bodies that are not
 * JSON, duplicated headers, 50 MB, echoes of the request headers. Stands in for a broken
 * agent or a hostile proxy in front of one.
 */
export interface HostileAgent {
  readonly port: number;
  /** Every request received, oldest first. */
  readonly requests: ReceivedRequest[];
  /** How the next requests are answered; the default answers `[]` with index 1. */
  respond: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  close(): Promise<void>;
}

/** Starts a {@link HostileAgent} on a free loopback port; `close()` drops every connection. */
export async function startHostileAgent(): Promise<HostileAgent> {
  const sockets = new Set<Socket>();
  const agent: HostileAgent = {
    port: 0,
    requests: [],
    respond: (_req, res) => res.writeHead(200, { 'X-Consul-Index': '1' }).end('[]'),
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      sockets.forEach((socket) => socket.destroy());
      await closed;
    },
  };
  const server = http.createServer((req, res) => {
    agent.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, remotePort: req.socket.remotePort });
    req.resume();
    req.once('end', () => agent.respond(req, res));
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(agent, { port: (server.address() as AddressInfo).port });
}

/** A list answer: 200, `X-Consul-Index` (when given) and `body` as it is. */
export const listAnswer = (body: string, index: string | undefined = '1') =>
  (_req: http.IncomingMessage, res: http.ServerResponse) => {
    res.writeHead(200, { 'Content-Type': 'application/json', ...(index !== undefined && { 'X-Consul-Index': index }) }).end(body);
  };

/** One well-formed event with a fresh ID, as Consul lists it; `fields` override any field. */
export function listedEvent(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ID: globalThis.crypto.randomUUID(), Name: 'deploy', Payload: null,
    NodeFilter: '', ServiceFilter: '', TagFilter: '', Version: 1, LTime: 1, ...fields,
  };
}

/**
 * A responder that writes `atOnce` to the socket, then `slowly` one byte every `everyMs`:
 * a degraded proxy. Both are raw HTTP bytes (status line and headers included), so headers
 * can be trickled too. Stops when the connection closes.
 */
export const trickledAnswer = (atOnce: string, slowly: string, everyMs: number) =>
  (req: http.IncomingMessage) => {
    const socket = req.socket;
    socket.write(atOnce);
    let sent = 0;
    const drip = setInterval(() => {
      if (sent < slowly.length) socket.write(slowly[sent++]!);
      else clearInterval(drip);
    }, everyMs);
    socket.once('close', () => clearInterval(drip));
  };
