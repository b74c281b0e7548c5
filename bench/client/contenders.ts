import * as http from 'node:http';
import Consul from 'consul';

/** Where the agent is and how long each long-poll blocks. */
export interface ContenderSetup {
  readonly host: string;
  readonly port: number;
  readonly waitSeconds: number;
  /** Module path of the library under test (built entry, or a patched copy). */
  readonly libEntry: string;
  /** Module path exporting `createEventWatcher`. */
  readonly watcherEntry: string;
}

/** What a contender reports besides events: possible-loss signals and errors. */
export interface ContenderHealth {
  gaps: number;
  errors: number;
  lastError?: string;
  /** Ours only: `onStatus` reports by type (retry, throttled, gap, …). */
  statuses?: Record<string, number>;
}

/**
 * One way of watching Consul events. `watch` starts a watch on one name (or, with a list,
 * one poll for many names) and calls `onEvent` once per new event (new since the watch
 * started: the buffer's backlog is skipped by all contenders alike). It returns the stop
 * function.
 */
export interface Contender {
  readonly health: ContenderHealth;
  watch(target: string | readonly string[], onEvent: (id: string) => void): () => void;
}

interface ListedEvent { readonly ID: string; readonly Name: string }

/**
 * The ID dedupe every consumer of a whole-list API has to write: remember the IDs of the
 * previous list (the agent re-sends its whole buffer on every change), deliver the IDs not
 * in it, in order. The first list is the backlog: remembered, not delivered.
 */
function listDeduper(names: ReadonlySet<string> | undefined, onEvent: (id: string) => void): (list: readonly ListedEvent[]) => void {
  let seen: Set<string> | undefined;
  return (list) => {
    const ids = new Set<string>();
    for (const event of list) {
      if (seen !== undefined && !seen.has(event.ID) && !ids.has(event.ID) && (names === undefined || names.has(event.Name))) {
        onEvent(event.ID);
      }
      ids.add(event.ID);
    }
    seen = ids;
  };
}

/**
 * The floor: what any Node client over HTTP pays at least. One keep-alive agent for the
 * process, one `http.get` per poll, the body as a string, `JSON.parse`, the index kept as
 * the header's string, the previous list's IDs in a `Set`.
 */
function floor(setup: ContenderSetup): Contender {
  const agent = new http.Agent({ keepAlive: true });
  const health: ContenderHealth = { gaps: 0, errors: 0 };
  return {
    health,
    watch(target, onEvent) {
      const names = typeof target === 'string' ? undefined : new Set(target);
      const base = `/v1/event/list?${typeof target === 'string' ? `name=${encodeURIComponent(target)}&` : ''}wait=${setup.waitSeconds}s`;
      const deliver = listDeduper(names, onEvent);
      let index: string | undefined;
      let request: http.ClientRequest | undefined;
      let stopped = false;
      const retry = (error: unknown): void => {
        if (stopped) return;
        health.errors++;
        health.lastError = String(error);
        setTimeout(poll, 1_000);
      };
      const poll = (): void => {
        request = http.get({ host: setup.host, port: setup.port, agent, path: index === undefined ? base : `${base}&index=${index}` }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => {
            if (stopped) return;
            if (res.statusCode !== 200) return retry(`HTTP ${res.statusCode}`);
            deliver(JSON.parse(body) as ListedEvent[]);
            index = res.headers['x-consul-index'] as string;
            poll();
          });
        });
        request.on('error', retry);
      };
      poll();
      return () => {
        stopped = true;
        request?.destroy();
      };
    },
  };
}

interface ConsulEventsStatus { readonly type: string; readonly error?: { readonly name: string; readonly cause?: { readonly code?: string } } }
interface Subscription { unsubscribe(): void }
interface Library {
  consulEvents$(name: string | readonly string[], options: Record<string, unknown>): {
    subscribe(observer: { next(event: ListedEvent): void; error(error: unknown): void }): Subscription;
  };
}
interface WatcherLibrary {
  createEventWatcher(options: Record<string, unknown>): { watch(name: string, callback: (event: ListedEvent) => unknown): Subscription };
}

/** Counts statuses by type; retries by type and error too (`retry ConsulNetworkError ECONNRESET`). */
function countStatus(health: ContenderHealth, status: ConsulEventsStatus): void {
  if (status.type === 'gap') health.gaps++;
  const code = status.error?.cause?.code;
  const key = status.error ? `${status.type} ${status.error.name}${code ? ` ${code}` : ''}` : status.type;
  health.statuses![key] = (health.statuses![key] ?? 0) + 1;
}

/** Ours: `consulEvents$`, one subscription per watch. */
function ours(setup: ContenderSetup): Contender {
  const { consulEvents$ } = require(setup.libEntry) as Library;
  const health: ContenderHealth = { gaps: 0, errors: 0, statuses: {} };
  const options = {
    host: setup.host,
    port: setup.port,
    timeout: setup.waitSeconds,
    replay: false,
    onStatus: (status: ConsulEventsStatus) => countStatus(health, status),
  };
  return {
    health,
    watch(target, onEvent) {
      const subscription = consulEvents$(target, options).subscribe({
        next: (event) => onEvent(event.ID),
        error: (error) => {
          health.errors++;
          health.lastError = String(error);
        },
      });
      return () => subscription.unsubscribe();
    },
  };
}

/** Ours, the seed-compatible callback API: `createEventWatcher(options).watch(name, callback)`. */
function watcher(setup: ContenderSetup): Contender {
  const { createEventWatcher } = require(setup.watcherEntry) as WatcherLibrary;
  const health: ContenderHealth = { gaps: 0, errors: 0, statuses: {} };
  const events = createEventWatcher({
    host: setup.host,
    port: setup.port,
    timeout: setup.waitSeconds,
    replay: false,
    onStatus: (status: ConsulEventsStatus) => countStatus(health, status),
    onError: (error: unknown) => {
      health.errors++;
      health.lastError = String(error);
    },
  });
  return {
    health,
    watch(target, onEvent) {
      if (typeof target !== 'string') throw new Error('the watcher watches one name per watch()');
      const subscription = events.watch(target, (event) => onEvent(event.ID));
      return () => subscription.unsubscribe();
    },
  };
}

/**
 * The `consul` package (node-consul): one client for the process (its keep-alive agent),
 * `watch({ method: consul.event.list, options: { name, wait } })` per watch, which emits the
 * whole list on every index change, plus the hand-written dedupe. Several names: one watch
 * without a name, filtered by name here.
 */
function consulPackage(setup: ContenderSetup): Contender {
  const consul = new Consul({ host: setup.host, port: setup.port });
  const health: ContenderHealth = { gaps: 0, errors: 0 };
  return {
    health,
    watch(target, onEvent) {
      const names = typeof target === 'string' ? undefined : new Set(target);
      const options: Record<string, string> = { wait: `${setup.waitSeconds}s`, ...(typeof target === 'string' && { name: target }) };
      const watch = consul.watch({ method: consul.event.list, options });
      watch.on('change', listDeduper(names, onEvent));
      watch.on('error', (error: unknown) => {
        health.errors++;
        health.lastError = String(error);
      });
      return () => watch.end();
    },
  };
}

export const CONTENDERS = { floor, ours, watcher, consul: consulPackage } as const;
/**
 * A contender: `floor`, `ours`, `watcher`, `consul`, or a variant of ours built from another
 * source tree (`ours@name`, e.g. a patched copy of src/, given with `--variant name=dir`).
 */
export type ContenderName = keyof typeof CONTENDERS | `ours@${string}` | `watcher@${string}`;

/** The implementation behind a contender name (`ours@x` is ours). */
export const kindOf = (name: ContenderName): keyof typeof CONTENDERS => name.split('@')[0] as keyof typeof CONTENDERS;
