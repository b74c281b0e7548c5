import type { Socket } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';
import { TOO_MANY_CONNECTIONS_RESPONSE } from './connection-limit';

/**
 * How long a refused connection may take to be answered and closed (TLS handshake
 * included) before it is dropped. The agent allows 10 ms for the handshake and the write;
 * a loaded test machine needs more to stay deterministic.
 */
const REFUSAL_DEADLINE_MS = 1_000;

/** The TLS side of the agent, for refusing a connection inside TLS as the agent does. */
export interface RefusalTls {
  secureContext: SecureContext;
  /** The protocols the agent offers in ALPN (`h2`, then `http/1.1`). */
  alpnProtocols: string[];
}

/**
 * Answers a connection over the per-client limit as the agent does: the fixed 429 bytes
 * at once (over TLS, once the handshake is done, since the agent writes on the TLS
 * connection), then closes it. The request, if any, is never read; what the client sends
 * is discarded so that the close does not reset the answer away. The socket is destroyed
 * when the client closes its side, or after a short deadline, whichever comes first.
 *
 * @example
 * ```ts
 * server.on('connection', (socket) => limiter.admit(socket) ? serve(socket) : refuseConnection(socket));
 * ```
 */
export function refuseConnection(socket: Socket, tls?: RefusalTls): void {
  const deadline = setTimeout(() => socket.destroy(), REFUSAL_DEADLINE_MS);
  deadline.unref();
  socket.once('close', () => clearTimeout(deadline));
  socket.on('error', () => socket.destroy());
  const channel = tls
    ? new TLSSocket(socket, { isServer: true, secureContext: tls.secureContext, ALPNProtocols: tls.alpnProtocols })
    : socket;
  const answer = (): void => {
    channel.once('end', () => socket.destroy());
    channel.resume();
    channel.end(TOO_MANY_CONNECTIONS_RESPONSE);
  };
  if (channel === socket) {
    answer();
    return;
  }
  channel.on('error', () => socket.destroy());
  channel.once('close', () => socket.destroy());
  channel.once('secure', answer);
}
