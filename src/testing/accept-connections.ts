import type { Server } from 'node:net';
import type { Socket } from 'node:net';
import type { ConnectionLimiter } from './connection-limit';
import { refuseConnection, type RefusalTls } from './refuse-connection';

/**
 * Puts the agent's accept step in front of a node:http(s)/http2 server: every accepted
 * TCP connection is tracked in `sockets` until it closes (so a restart or close can drop
 * it), then either handed to the server or, over the per-client limit, refused with the
 * 429. The server's own `connection` handling is moved behind this step, so a refused
 * connection is never parsed as HTTP.
 *
 * @example
 * ```ts
 * const server = http.createServer(listener);
 * acceptConnections(server, { limiter: new ConnectionLimiter(200), sockets });
 * server.listen(8500);
 * ```
 */
export function acceptConnections(
  server: Server,
  options: { limiter: ConnectionLimiter; sockets: Set<Socket>; tls?: RefusalTls },
): void {
  const { limiter, sockets, tls } = options;
  const serveConnection = server.listeners('connection') as Array<(socket: Socket) => void>;
  server.removeAllListeners('connection');
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    if (!limiter.admit(socket)) {
      refuseConnection(socket, tls);
      return;
    }
    for (const listener of serveConnection) listener.call(server, socket);
  });
}
