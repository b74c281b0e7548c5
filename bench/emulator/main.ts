/**
 * The bench's Consul agent: the project's emulator (`startConsulEmulator`, from the built
 * package) in its own process, plus a control channel over IPC that the driver uses to
 * fire events at a set rate, wait for the client's long-polls to block, and read what the
 * emulator saw (list requests still open, list answers and their bytes).
 *
 * Usage (forked by bench/run.ts): emulator/main.ts <path to the built testing entry>
 */
import * as http from 'node:http';
import type { Socket } from 'node:net';
import { type BufferShape, firesPerWatched, nameOfFire, RING } from '../scenarios/shapes';
import { nowUs } from '../shared/clock';
import { serveParent } from '../shared/ipc';

interface Emulator {
  readonly url: string;
  readonly port: number;
  readonly openListRequests: number;
  readonly store: { readonly pendingWaits: number; fire(name: string, payload?: string): { ID: string } };
  restart(): void;
  close(): Promise<void>;
}
type Testing = { startConsulEmulator(options: { port: number; bufferSize?: number; maxConnsPerClient?: number }): Promise<Emulator> };

const testingEntry = process.argv[2];
if (!testingEntry) throw new Error('usage: emulator/main.ts <testing entry>');
const testing = require(testingEntry) as Testing;

/** What the emulator answered to list requests since the last `mark`. */
const counters = { listAnswers: 0, listBytes: 0, listWireBytes: 0, listEvents: 0 };

// Count the bytes of every list answer as it leaves. The emulator gzips an answer of 1,400
// bytes or more for a client that asks, as an agent does (none of the Node contenders asks):
// its body then reaches end() compressed, and the two counts are the same.
const originalEnd = http.ServerResponse.prototype.end;
http.ServerResponse.prototype.end = function end(this: http.ServerResponse, ...args: unknown[]) {
  const chunk = args[0];
  if (this.req?.url?.startsWith('/v1/event/list') && (typeof chunk === 'string' || chunk instanceof Uint8Array)) {
    const bytes = typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    counters.listAnswers += 1;
    counters.listBytes += bytes;
    counters.listWireBytes += bytes;
  }
  return (originalEnd as (...a: unknown[]) => http.ServerResponse).apply(this, args);
} as typeof originalEnd;

/**
 * List requests still open: received, not answered, connection alive. Counted here rather
 * than with the emulator's `openListRequests`, which can stay above zero for good: a
 * ServerResponse whose socket died without the response ever emitting 'close' (seen about
 * once in three quick latency runs; see the report).
 */
const listRequests = new Map<http.ServerResponse, { url: string; at: number; req: http.IncomingMessage }>();
/** TCP connections from clients now open, the most open at once and how many were accepted since the last `mark`/`reset`. */
const sockets = new Set<Socket>();
let socketsPeak = 0;
let socketsAccepted = 0;
const originalEmit = http.Server.prototype.emit;
http.Server.prototype.emit = function emit(this: http.Server, event: string, ...args: unknown[]) {
  if (event === 'request') {
    const [req, res] = args as [http.IncomingMessage, http.ServerResponse];
    if (req.url?.startsWith('/v1/event/list')) {
      listRequests.set(res, { url: req.url, at: Date.now(), req });
      res.once('close', () => listRequests.delete(res));
    }
  } else if (event === 'connection') {
    const socket = args[0] as Socket;
    sockets.add(socket);
    socketsAccepted++;
    socketsPeak = Math.max(socketsPeak, liveSockets());
    socket.once('close', () => sockets.delete(socket));
  }
  return (originalEmit as (...a: unknown[]) => boolean).apply(this, [event, ...args]);
} as typeof originalEmit;
/** Open client connections; a destroyed socket is not one, even before its 'close' (which, rarely, never comes). */
function liveSockets(): number {
  for (const socket of sockets) if (socket.destroyed) sockets.delete(socket);
  return sockets.size;
}
function openListCount(): number {
  for (const [res, { req }] of listRequests) if (res.writableEnded || req.socket.destroyed) listRequests.delete(res);
  return listRequests.size;
}
/** Requests the emulator's own `openListRequests` still counts though they are gone (they never leave it). */
let phantomOpen = 0;

/**
 * Resolves with the time at which `test` first held (`what` names it in the timeout
 * error, as text or a function giving it then): checked on every turn of the event
 * loop when `spin` (no timer granularity, for short precise waits like a teardown), else
 * every millisecond (so a long wait does not burn the emulator's CPU).
 */
function whenTrue(test: () => boolean, what: string | (() => string), timeoutMs: number, spin = false): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (test()) return resolve(nowUs());
      if (Date.now() > deadline) return reject(new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`));
      if (spin) setImmediate(check);
      else setTimeout(check, 1);
    };
    check();
  });
}

const immediate = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const timeout = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const emulator = await testing.startConsulEmulator({
    port: 0,
    // One client process holds up to 1,000 long-polls in the scale scenario (a poll per
    // subscription), so no per-client connection limit (Consul's default is 200). The option
    // comes with the emulator's connection limit (issue 12, item 6); an emulator without it
    // ignores it.
    maxConnsPerClient: 0,
  });
  const { store } = emulator;
  const resetCounters = (): void => {
    Object.assign(counters, { listAnswers: 0, listBytes: 0, listWireBytes: 0, listEvents: 0 });
    socketsPeak = liveSockets();
    socketsAccepted = 0;
  };

  serveParent({
    info: () => ({ url: emulator.url, port: emulator.port, pid: process.pid }),
    /** Agent restart (empty buffer, every connection dropped) and counters back to zero. */
    reset: () => {
      emulator.restart();
      resetCounters();
    },
    mark: () => {
      resetCounters();
      return { cpu: process.cpuUsage() };
    },
    stats: () => ({
      ...counters, openListRequests: openListCount(), emulatorCounterOpen: emulator.openListRequests, phantomOpen, pendingWaits: store.pendingWaits,
      sockets: liveSockets(), socketsPeak, socketsAccepted, cpu: process.cpuUsage(),
    }),
    /** Fills the agent's ring with 256 events in `shape` around `name` (the backlog every answer then lists). */
    prefill: ({ name, shape }: { name: string; shape: BufferShape }) => {
      for (let i = 0; i < RING; i++) store.fire(nameOfFire(shape, name, i), `prefill-${i}`);
    },
    /** Fires the other names' events that come before one event of `name` in `shape` (none in `only`). */
    fireOthers: ({ name, shape, round }: { name: string; shape: BufferShape; round: number }) => {
      const per = firesPerWatched(shape);
      for (let i = round * per; i < round * per + per - 1; i++) store.fire(nameOfFire(shape, name, i), `other-${i}`);
    },
    /** Resolves when at least `count` list queries are blocked (the client is waiting for news). */
    awaitBlocked: ({ count, timeoutMs = 30_000 }: { count: number; timeoutMs?: number }) =>
      whenTrue(() => store.pendingWaits >= count, () => `${count} blocked list queries (have ${store.pendingWaits})`, timeoutMs),
    /** Resolves with the time at which no list request is open any more. */
    awaitNoOpenList: async ({ timeoutMs = 10_000 }: { timeoutMs?: number }) => {
      const at = await whenTrue(() => openListCount() === 0, () => `no open list request (have ${openListCount()})`, timeoutMs, true);
      // The emulator's own counter, for comparison: it should follow within a few ms.
      const counterAt = await whenTrue(() => emulator.openListRequests <= phantomOpen, 'the emulator counter', 1_000, true).catch(() => undefined);
      if (counterAt === undefined) phantomOpen = emulator.openListRequests;
      return { at, counterAt, emulatorCounter: emulator.openListRequests, phantom: phantomOpen };
    },
    /**
     * Fires `count` events of `name`, with the other names' events of `shape` in between
     * (16 fires per event of `name` in the busy shape), at `rate` events per second of any
     * name (0: as fast as possible, one fire per turn of the event loop so answers still go
     * out in between). Pacing: every millisecond tick fires what is due by then. Returns the
     * IDs of `name`'s events in firing order, and how many events were fired in all.
     */
    fireRun: async ({ name, count, rate, shape = 'only' }: { name: string; count: number; rate: number; shape?: BufferShape }) => {
      const per = firesPerWatched(shape);
      const total = count * per;
      const ids: string[] = [];
      const startUs = nowUs();
      let fired = 0;
      while (fired < total) {
        const due = rate === 0 ? fired + 1 : Math.min(total, Math.floor(((nowUs() - startUs) / 1e6) * rate) + 1);
        for (; fired < due; fired++) {
          const eventName = nameOfFire(shape, name, fired);
          const { ID } = store.fire(eventName, `payload-${fired}`);
          if (eventName === name) ids.push(ID);
        }
        if (rate === 0) await immediate();
        else await timeout(1);
      }
      return { ids, fired: total, startUs, endUs: nowUs() };
    },
    /**
     * Fires `count` events of `name`, one at a time, each once `blocked` list queries are
     * blocked again (every poll came back for more). Returns the IDs and when each was fired.
     */
    fireEachWhenBlocked: async ({ name, count, blocked }: { name: string; count: number; blocked: number }) => {
      const fires: Array<[string, number]> = [];
      for (let i = 0; i < count; i++) {
        await whenTrue(() => store.pendingWaits >= blocked, () => `${blocked} blocked list queries (have ${store.pendingWaits})`, 60_000);
        const at = nowUs();
        fires.push([store.fire(name, `scale-${i}`).ID, at]);
      }
      return { fires, endUs: nowUs() };
    },
    /**
     * Fires one event on each name, `batch` at a time, `rounds` times over; before each
     * batch but the first, waits until `blocked` list queries are blocked again (the client
     * came back for more), so the 256-event buffer never turns over under a single poll.
     * Returns each round's IDs and start, and the time spent storing events.
     */
    fireFanout: async ({ names, batch, blocked, rounds = 1 }: { names: string[]; batch: number; blocked: number; rounds?: number }) => {
      const done: Array<{ ids: string[]; startUs: number }> = [];
      const startUs = nowUs();
      let fireUs = 0;
      for (let r = 0; r < rounds; r++) {
        const ids: string[] = [];
        let roundStartUs = 0;
        for (let i = 0; i < names.length; i += batch) {
          if (r > 0 || i > 0) await whenTrue(() => store.pendingWaits >= blocked, () => `${blocked} blocked list queries (have ${store.pendingWaits})`, 60_000);
          const batchStart = nowUs();
          if (i === 0) roundStartUs = batchStart;
          for (const name of names.slice(i, i + batch)) ids.push(store.fire(name, 'fan-out').ID);
          fireUs += nowUs() - batchStart;
        }
        done.push({ ids, startUs: roundStartUs });
      }
      return { rounds: done, startUs, endUs: nowUs(), fireUs };
    },
  });
}

void main();
