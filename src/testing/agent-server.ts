import * as http from 'node:http';
import * as http2 from 'node:http2';
import type { Server } from 'node:net';
import { createSecureContext } from 'node:tls';
import type { RefusalTls } from './refuse-connection';

/** The request and response types of both protocols the agent speaks. */
export type AgentRequest = http.IncomingMessage | http2.Http2ServerRequest;
export type AgentResponse = http.ServerResponse | http2.Http2ServerResponse;

/** The protocols offered in ALPN over TLS, as `http2.ConfigureServer` sets them. */
const ALPN_PROTOCOLS = ['h2', 'http/1.1'];

/**
 * The agent's HTTP server, set up as Consul sets its own: over TLS, HTTP/2 with HTTP/1.1
 * for clients that do not offer `h2` (agent.go `setupHTTPS` → `http2.ConfigureServer`);
 * plain HTTP/1.1 otherwise. Neither closes an idle keep-alive connection (the agent's
 * `http.Server` sets no `IdleTimeout`), so no `Keep-Alive: timeout=…` is announced either.
 * Returns, with it, what is needed to refuse a connection inside TLS.
 *
 * @example
 * ```ts
 * const { server } = createAgentServer(undefined, (req, res) => res.end('ok'));
 * server.listen(8500);
 * ```
 */
export function createAgentServer(
  tls: { key: string | Buffer; cert: string | Buffer } | undefined,
  listener: (req: AgentRequest, res: AgentResponse) => void,
): { server: Server; refusalTls?: RefusalTls } {
  if (!tls) {
    const server = http.createServer(listener);
    server.keepAliveTimeout = 0;
    return { server };
  }
  const server = http2.createSecureServer({ key: tls.key, cert: tls.cert, allowHTTP1: true, ALPNProtocols: ALPN_PROTOCOLS }, listener);
  return { server, refusalTls: { secureContext: createSecureContext({ key: tls.key, cert: tls.cert }), alpnProtocols: ALPN_PROTOCOLS } };
}
