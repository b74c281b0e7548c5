import type { AddressInfo, Socket } from 'node:net';
import type { ConsulEvent } from '../consul/event';
import type { EventFilters, EventPayload } from '../consul/user-event';
import { answerAgentRequest } from './agent-http';
import { createAgentServer, type AgentRequest, type AgentResponse } from './agent-server';
import { acceptConnections } from './accept-connections';
import { ConnectionLimiter, DEFAULT_MAX_CONNS_PER_CLIENT, type ConnectionCounts } from './connection-limit';
import { applyCors } from './cors';
import { textAnswer } from './emulated-http';
import { ConsulEventStore } from './event-store';
import type { ConsulEventStoreOptions } from './event-store-options';
import type { ConsulFault, FaultOptions } from './fault-injection';
import { dropConnection, readEmulatedRequest, writeAnswer } from './node-http-bridge';

/**
 * How to start {@link startConsulEmulator}: the agent's setup plus where and how to listen.
 *
 * @example
 * ```ts
 * const options: ConsulEmulatorOptions = { port: 0, acl: { tokens: { secret: { read: '*', write: '*' } } } };
 * ```
 */
export interface ConsulEmulatorOptions extends ConsulEventStoreOptions {
  /** Port to listen on; `0` picks a free one. @default 0 */
  port?: number;
  /** Address to listen on. @default '127.0.0.1' */
  host?: string;
  /**
   * PEM key and certificate: serve HTTPS instead of HTTP, as HTTP/2 with HTTP/1.1 for
   * clients that do not offer `h2`, as the agent does. @default undefined (plain HTTP/1.1)
   */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Add permissive CORS headers and answer preflights, for browser tests. @default false */
  cors?: boolean;
  /**
   * Open TCP connections one client IP may hold, as Consul's
   * `limits.http_max_conns_per_client`: the connection over it gets the agent's `429 Too
   * Many Requests` at accept and is closed. `0` = no limit. A rule of the server door only
   * (the MSW door has no connections).
   * @default 200
   */
  maxConnsPerClient?: number;
}

/**
 * A running emulated Consul agent (event endpoints only) on a real socket.
 *
 * @example
 * ```ts
 * const emulator = await startConsulEmulator();
 * emulator.fire('deploy', 'v1');
 * console.log(emulator.url); // http://127.0.0.1:41234
 * await emulator.close();
 * ```
 */
export interface ConsulEmulator {
  /** Base URL, e.g. `http://127.0.0.1:41234` (`https://` with `tls`). */
  readonly url: string;
  readonly port: number;
  /** The agent's state, shared with any MSW handlers built over it. */
  readonly store: ConsulEventStore;
  /** List requests the server holds right now: counted on arrival, uncounted when answered or when the client hangs up. */
  readonly openListRequests: number;
  /** Connections as the per-client limit counts them: open now (per client IP), the most from one client, refusals. */
  readonly connections: ConnectionCounts;
  /** Same as `store.fire`. */
  fire(name: string, payload?: EventPayload, filters?: EventFilters): ConsulEvent;
  /** Same as `store.injectFault`. */
  injectFault(fault: ConsulFault, options?: FaultOptions): void;
  /** Restarts the agent: empty buffer, every open connection dropped. */
  restart(): void;
  /** Stops listening, drops every connection and closes the store. */
  close(): Promise<void>;
}

/**
 * Starts an emulated Consul agent serving `GET /v1/event/list` and
 * `PUT /v1/event/fire/:name` over node:http (or node:https), with the same answers as
 * {@link "testing/msw"!consulEventHandlers | consulEventHandlers}. Other paths get Consul's `404`. When a client hangs up, its
 * blocked request and timer are removed at once.
 *
 * @example
 * ```ts
 * import { startConsulEmulator } from 'rx-consul-events/testing';
 *
 * const emulator = await startConsulEmulator({ nodeName: 'web-1' });
 * emulator.fire('deploy', 'v1.2.3');
 * const res = await fetch(`${emulator.url}/v1/event/list?name=deploy`);
 * console.log(res.headers.get('X-Consul-Index'), (await res.json()).length); // 1234567890123456789 1
 * await emulator.close();
 * ```
 */
export async function startConsulEmulator(options: ConsulEmulatorOptions = {}): Promise<ConsulEmulator> {
  const { port = 0, host = '127.0.0.1', tls, cors = false, maxConnsPerClient = DEFAULT_MAX_CONNS_PER_CLIENT } = options;
  if (!Number.isInteger(maxConnsPerClient) || maxConnsPerClient < 0) {
    throw new RangeError(`startConsulEmulator: maxConnsPerClient must be a whole number (0 = no limit), got ${String(maxConnsPerClient)}`);
  }
  const limiter = new ConnectionLimiter(maxConnsPerClient);
  const store = new ConsulEventStore(options);
  const sockets = new Set<Socket>();
  /** One promise per request not yet ended, settled when it ends. */
  const openRequests = new Set<Promise<void>>();
  let openListRequests = 0;

  const serve = async (req: AgentRequest, res: AgentResponse): Promise<void> => {
    if (cors && applyCors(req, res)) return;
    const hangUp = new AbortController();
    const isList = (req.url ?? '').split('?')[0] === '/v1/event/list';
    if (isList) openListRequests += 1;
    let markEnded!: () => void;
    const ended = new Promise<void>((resolve) => (markEnded = resolve));
    openRequests.add(ended);
    // A request ends when its response closes, or (HTTP/1) when its socket does: a socket
    // destroyed under a blocked request does not always close the response. The response's
    // close can be emitted from within the socket's, so both may still run. An HTTP/2
    // stream always closes with its session, and many share one socket: only the stream counts.
    const socket = req.httpVersionMajor === 2 ? undefined : req.socket;
    let open = true;
    const end = (): void => {
      if (!open) return;
      open = false;
      res.off('close', end);
      socket?.off('close', end);
      openRequests.delete(ended);
      if (isList) openListRequests -= 1;
      hangUp.abort();
      markEnded();
    };
    res.once('close', end);
    socket?.once('close', end);
    const request = await readEmulatedRequest(req, hangUp.signal);
    if (!request) return;
    writeAnswer(res, await answerAgentRequest(store, request), request.bodyLeftUnread);
  };
  // A bug must cost one request a 500, never the emulator process an unhandled rejection.
  const listener = (req: AgentRequest, res: AgentResponse): void => {
    serve(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else writeAnswer(res, textAnswer(500, `emulator error: ${(error as Error).message}`));
    });
  };
  const { server, refusalTls } = createAgentServer(tls, listener);
  acceptConnections(server, { limiter, sockets, ...(refusalTls && { tls: refusalTls }) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });

  const boundPort = (server.address() as AddressInfo).port;
  const dropAllConnections = (): void => sockets.forEach(dropConnection);
  return {
    url: `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${boundPort}`,
    port: boundPort,
    store,
    get openListRequests() {
      return openListRequests;
    },
    get connections() {
      return limiter.counts();
    },
    fire: (name, payload, filters) => store.fire(name, payload, filters),
    injectFault: (fault, faultOptions) => store.injectFault(fault, faultOptions),
    restart: () => {
      store.restart();
      dropAllConnections();
    },
    close: async () => {
      store.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const requestsEnded = [...openRequests];
      const socketsClosed = [...sockets].map((socket) => new Promise((resolve) => socket.once('close', resolve)));
      dropAllConnections();
      await Promise.all([closed, ...requestsEnded, ...socketsClosed]);
    },
  };
}
