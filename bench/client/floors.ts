import * as http from 'node:http';
import type { Contender, ContenderHealth, ContenderSetup, ListedEvent, WatchTarget } from './contender';

/** An insertion-ordered set of the last `capacity` IDs: the bounded dedupe of the tight floor. */
class RecentIds {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity: number) {}

  /** Adds `id`; false when it was already there. */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value!);
    return true;
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const COMMA = 0x2c;

/** Position of the `}` closing the object open around `from` (depth 1), skipping strings; -1 if none. */
function closingBrace(body: Buffer, from: number): number {
  let depth = 1;
  let inString = false;
  for (let i = from; i < body.length; i++) {
    const c = body[i]!;
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE) depth++;
    else if (c === CLOSE_BRACE && --depth === 0) return i;
  }
  return -1;
}

/** The path of a list request: the agent filters one name; several names or every event are filtered here. */
function listPath(target: WatchTarget, waitSeconds: number): { base: string; names: ReadonlySet<string> | undefined } {
  const base = `/v1/event/list?${typeof target === 'string' ? `name=${encodeURIComponent(target)}&` : ''}wait=${waitSeconds}s`;
  return { base, names: target === null || typeof target === 'string' ? undefined : new Set(target) };
}

/**
 * One long-poll over `node:http` with a keep-alive agent shared by the process: the
 * request, the index kept as the header's string, a retry after a second on failure. The
 * next poll goes out on the next tick after an answer, so the agent has the socket back and
 * reuses it (answering from the `end` handler itself opens a second connection per poll).
 * `read` gets each 200 body as bytes.
 */
function longPoll(setup: ContenderSetup, agent: http.Agent, base: string, health: ContenderHealth, read: (body: Buffer) => void): () => void {
  let index: string | undefined;
  let request: http.ClientRequest | undefined;
  let stopped = false;
  const retry = (error: unknown): void => {
    if (stopped) return;
    health.errors++;
    health.lastError = String(error);
    setTimeout(poll, 1_000);
  };
  function poll(): void {
    if (stopped) return;
    request = http.get({ host: setup.host, port: setup.port, agent, path: index === undefined ? base : `${base}&index=${index}` }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        if (stopped) return;
        if (res.statusCode !== 200) return retry(`HTTP ${res.statusCode}`);
        read(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
        index = res.headers['x-consul-index'] as string;
        process.nextTick(poll);
      });
    });
    request.on('error', retry);
  }
  poll();
  return () => {
    stopped = true;
    request?.destroy();
  };
}

/**
 * The floor: the tightest bare-Node client for the job (issue 16). A keep-alive
 * `node:http` agent, no compression asked for, the body kept as bytes; the previous
 * answer's newest `"ID":"…"` found with `Buffer#indexOf`, and only the events after it
 * decoded and parsed (the whole body when it is not there: the first answer, a turnover);
 * a bounded `Set` of the last 1,024 IDs against duplicates. It checks nothing else: no
 * validation, no gap detection, no check that the events before the anchor are known.
 */
export function tightFloor(setup: ContenderSetup): Contender {
  const agent = new http.Agent({ keepAlive: true });
  const health: ContenderHealth = { gaps: 0, errors: 0 };
  return {
    health,
    watch(target, onEvent) {
      const { base, names } = listPath(target, setup.waitSeconds);
      const seen = new RecentIds(1_024);
      let anchor: Buffer | undefined;
      let backlog = true;
      return longPoll(setup, agent, base, health, (body) => {
        const at = anchor === undefined ? -1 : body.indexOf(anchor);
        const end = at < 0 ? -1 : closingBrace(body, at + anchor!.length);
        let events: ListedEvent[];
        if (end >= 0) events = body[end + 1] === COMMA ? (JSON.parse(`[${body.toString('utf8', end + 2)}`) as ListedEvent[]) : [];
        else events = JSON.parse(body.toString('utf8')) as ListedEvent[];
        for (let i = 0; i < events.length; i++) {
          const event = events[i]!;
          if (seen.add(event.ID) && !backlog && (names === undefined || names.has(event.Name))) onEvent(event.ID, event.Name);
        }
        backlog = false;
        if (events.length > 0) anchor = Buffer.from(`"ID":"${events[events.length - 1]!.ID}"`);
        else if (end < 0) anchor = undefined;
      });
    },
  };
}

/**
 * The ID dedupe every consumer of a whole-list API has to write: remember the IDs of the
 * previous list (the agent re-sends its whole buffer on every change), deliver the IDs not
 * in it, in order. The first list is the backlog: remembered, not delivered.
 */
export function listDeduper(names: ReadonlySet<string> | undefined, onEvent: (id: string, name: string) => void): (list: readonly ListedEvent[]) => void {
  let seen: Set<string> | undefined;
  return (list) => {
    const ids = new Set<string>();
    for (const event of list) {
      if (seen !== undefined && !seen.has(event.ID) && !ids.has(event.ID) && (names === undefined || names.has(event.Name))) {
        onEvent(event.ID, event.Name);
      }
      ids.add(event.ID);
    }
    seen = ids;
  };
}

/**
 * The whole-list client (the bench's floor until issue 16): the same transport as the
 * tight floor, but every body decoded and `JSON.parse`d whole, and the previous list's IDs
 * in a `Set`.
 */
export function wholeListClient(setup: ContenderSetup): Contender {
  const agent = new http.Agent({ keepAlive: true });
  const health: ContenderHealth = { gaps: 0, errors: 0 };
  return {
    health,
    watch(target, onEvent) {
      const { base, names } = listPath(target, setup.waitSeconds);
      const deliver = listDeduper(names, onEvent);
      return longPoll(setup, agent, base, health, (body) => deliver(JSON.parse(body.toString('utf8')) as ListedEvent[]));
    },
  };
}
