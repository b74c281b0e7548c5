import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { isConsulIndex } from '../../../src/consul/consul-index';
import { ConsulEventStore, answerEventRequest, type ConsulEventStoreOptions } from '../../../src/testing';
import { textAnswer, type EmulatedAnswer } from '../../../src/testing/emulated-http';
import { dropConnection, readEmulatedRequest, writeAnswer } from '../../../src/testing/node-http-bridge';

/**
 * The IDs an answer lists, when a correct client can use it: 200, a well-formed
 * `X-Consul-Index`, a JSON array of events (string `ID` and `Name`, `Payload` a string or
 * null). `undefined` for anything else (errors, resets, damaged answers).
 */
export function usableListing(answer: EmulatedAnswer): string[] | undefined {
  if (answer.kind !== 'response' || answer.status !== 200) return undefined;
  const index = answer.headers['X-Consul-Index'];
  if (index === undefined || !isConsulIndex(index)) return undefined;
  let events: unknown;
  try {
    events = JSON.parse(answer.body);
  } catch {
    return undefined;
  }
  if (!Array.isArray(events)) return undefined;
  const valid = events.every((e: { ID?: unknown; Name?: unknown; Payload?: unknown } | null) =>
    typeof e === 'object' && e !== null && typeof e.ID === 'string' && typeof e.Name === 'string' &&
    (e.Payload === null || typeof e.Payload === 'string'));
  return valid ? events.map((event: { ID: string }) => event.ID) : undefined;
}

/** What the agent knows about one client (requests tagged with the same `X-Consul-Token`). */
interface ClientTrack {
  /** The filter its requests ask for. */
  name: string | undefined;
  /** IDs of the last usable answer it was sent, and when. */
  lastListing?: { ids: string[]; at: number };
  /** When its latest request arrived. */
  lastArrival: number;
}

/**
 * The emulator's loopback door (the same `answerEventRequest` over `node:http`), with one
 * addition for tests that must know what each client has seen: list requests are told apart
 * by their `X-Consul-Token` (no ACLs here, so the token is only a tag), and the agent
 * remembers the last usable list it sent each tag.
 */
export interface InstrumentedAgent {
  readonly store: ConsulEventStore;
  readonly port: number;
  /**
   * Whether the client tagged `tag` was sent a usable list equal to the agent's current
   * (filtered) buffer and has sent a request since, so it has processed that list. (An
   * index equal to the current one is not enough: a gossip duplicate of an older event makes
   * the index repeat while a newer event sits unseen until the wait ends.)
   */
  caughtUp(tag: string): boolean;
  /** Agent restart: empty buffer, every connection dropped. */
  restart(): void;
  close(): Promise<void>;
}

/** Starts an {@link InstrumentedAgent} on a free loopback port. */
export async function startInstrumentedAgent(options: ConsulEventStoreOptions = {}): Promise<InstrumentedAgent> {
  const store = new ConsulEventStore(options);
  const sockets = new Set<Socket>();
  const clients = new Map<string, ClientTrack>();
  let clock = 0;

  const server = http.createServer((req, res) => {
    const hangUp = new AbortController();
    res.once('close', () => hangUp.abort());
    const url = new URL(req.url ?? '/', 'http://agent');
    const tag = String(req.headers['x-consul-token'] ?? '');
    const name = url.searchParams.get('name') || undefined;
    const track = url.pathname === '/v1/event/list' ? (clients.get(tag) ?? { name, lastArrival: 0 }) : undefined;
    if (track) {
      track.lastArrival = ++clock;
      clients.set(tag, track);
    }
    void (async () => {
      const request = await readEmulatedRequest(req, hangUp.signal);
      if (!request) return;
      const answer = (await answerEventRequest(store, request)) ?? textAnswer(404, 'not an event endpoint');
      const ids = usableListing(answer);
      if (track && ids && !res.destroyed) track.lastListing = { ids, at: ++clock };
      writeAnswer(res, answer);
    })();
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    store,
    port: (server.address() as AddressInfo).port,
    caughtUp(tag) {
      const track = clients.get(tag);
      if (!track?.lastListing || track.lastArrival < track.lastListing.at) return false;
      const current = store.list(track.name).events.map((event) => event.ID);
      return current.length === track.lastListing.ids.length && current.every((id, i) => id === track.lastListing!.ids[i]);
    },
    restart() {
      store.restart();
      sockets.forEach(dropConnection);
    },
    async close() {
      store.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      sockets.forEach(dropConnection);
      await closed;
    },
  };
}
