import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { ConsulEvent } from '../consul/event';
import type { EventFilters, EventPayload } from '../consul/user-event';
import { answerEventRequest } from './answer-event-request';
import { applyCors } from './cors';
import { textAnswer } from './emulated-http';
import { ConsulEventStore } from './event-store';
import type { ConsulEventStoreOptions } from './event-store-options';
import type { ConsulFault, FaultOptions } from './faults';
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
  /** PEM key and certificate: serve HTTPS instead of HTTP. @default undefined (plain HTTP) */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Add permissive CORS headers and answer preflights, for browser tests. @default false */
  cors?: boolean;
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
  const { port = 0, host = '127.0.0.1', tls, cors = false } = options;
  const store = new ConsulEventStore(options);
  const sockets = new Set<Socket>();
  /** One promise per request not yet ended, settled when it ends. */
  const openRequests = new Set<Promise<void>>();
  let openListRequests = 0;

  const serve = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    if (cors && applyCors(req, res)) return;
    const hangUp = new AbortController();
    const isList = (req.url ?? '').split('?')[0] === '/v1/event/list';
    if (isList) openListRequests += 1;
    let markEnded!: () => void;
    const ended = new Promise<void>((resolve) => (markEnded = resolve));
    openRequests.add(ended);
    // A request ends when its response closes, or when its socket does: a socket destroyed
    // under a blocked request does not always close the response.
    // The response's close can be emitted from within the socket's, so both may still run.
    const socket = req.socket;
    let open = true;
    const end = (): void => {
      if (!open) return;
      open = false;
      res.off('close', end);
      socket.off('close', end);
      openRequests.delete(ended);
      if (isList) openListRequests -= 1;
      hangUp.abort();
      markEnded();
    };
    res.once('close', end);
    socket.once('close', end);
    const request = await readEmulatedRequest(req, hangUp.signal);
    if (!request) return;
    const answer = await answerEventRequest(store, request);
    writeAnswer(res, answer ?? textAnswer(404, 'Invalid URL path: not a recognized HTTP API endpoint\n'));
  };
  // A bug must cost one request a 500, never the emulator process an unhandled rejection.
  const listener = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    serve(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else writeAnswer(res, textAnswer(500, `emulator error: ${(error as Error).message}`));
    });
  };
  const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, listener) : http.createServer(listener);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
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
      dropAllConnections();
      await Promise.all([closed, ...requestsEnded]);
    },
  };
}
