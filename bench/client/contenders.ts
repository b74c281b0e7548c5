import Consul from 'consul';
import type { Contender, ContenderHealth, ContenderSetup, ListedEvent } from './contender';
import { listDeduper, tightFloor, wholeListClient } from './floors';

interface ConsulEventsStatus { readonly type: string; readonly error?: { readonly name: string; readonly cause?: { readonly code?: string } } }
interface Subscription { unsubscribe(): void }
interface Library {
  consulEvents$(name: string | readonly string[] | undefined, options: Record<string, unknown>): {
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

/** Ours: `consulEvents$`, one subscription per watch; `shared: false` gives each its own poll. */
/** What an `ours` contender subscribes to for one watched name: that name, several names with it, or every event. */
type OursWatch = 'name' | 'names' | 'all';

function ours(setup: ContenderSetup, shared: boolean, as: OursWatch = 'name'): Contender {
  const { consulEvents$ } = require(setup.libEntry) as Library;
  const health: ContenderHealth = { gaps: 0, errors: 0, statuses: {} };
  const options = {
    host: setup.host,
    port: setup.port,
    timeout: setup.waitSeconds,
    replay: false,
    ...(!shared && { shared: false }),
    onStatus: (status: ConsulEventsStatus) => countStatus(health, status),
  };
  return {
    health,
    watch(target, onEvent) {
      const watched = typeof target === 'string' && as !== 'name' ? target : undefined;
      // Several names: the watched one and two that are never fired. Every event: the others filtered out here.
      const names = watched === undefined ? target ?? undefined : as === 'names' ? [watched, `${watched}-b`, `${watched}-c`] : undefined;
      const subscription = consulEvents$(names, options).subscribe({
        next: (event) => {
          if (watched === undefined || event.Name === watched) onEvent(event.ID, event.Name);
        },
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
      const subscription = events.watch(target, (event) => onEvent(event.ID, event.Name));
      return () => subscription.unsubscribe();
    },
  };
}

/**
 * The `consul` package (node-consul): one client for the process (its keep-alive agent),
 * `watch({ method: consul.event.list, options: { name, wait } })` per watch, which emits the
 * whole list on every index change, plus the hand-written dedupe. Several names or every
 * event: one watch without a name, filtered here.
 */
function consulPackage(setup: ContenderSetup): Contender {
  const consul = new Consul({ host: setup.host, port: setup.port });
  const health: ContenderHealth = { gaps: 0, errors: 0 };
  return {
    health,
    watch(target, onEvent) {
      const names = target === null || typeof target === 'string' ? undefined : new Set(target);
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

/**
 * Every contender by name. `floor` is the tight bare-Node client, `whole-list` the
 * previous floor (parses every answer whole), `ours` the default `consulEvents$` (the
 * realm's shared poll, which lists every event), `ours-unshared` the same with
 * `shared: false` (a poll of its own, filtered by the agent for one name).
 */
export const CONTENDERS = {
  floor: tightFloor,
  'whole-list': wholeListClient,
  ours: (setup: ContenderSetup) => ours(setup, true),
  'ours-unshared': (setup: ContenderSetup) => ours(setup, false),
  'ours-names': (setup: ContenderSetup) => ours(setup, true, 'names'),
  'ours-all': (setup: ContenderSetup) => ours(setup, true, 'all'),
  watcher,
  consul: consulPackage,
} as const;

export type ContenderKind = keyof typeof CONTENDERS;
/**
 * A contender: one of {@link CONTENDERS}, or a variant of ours built from another source
 * tree (`ours@name`, `ours-unshared@name`, `watcher@name`: e.g. a patched copy of src/,
 * given with `--variant name=dir`).
 */
export type ContenderName = ContenderKind | `${'ours' | 'ours-unshared' | 'ours-names' | 'ours-all' | 'watcher'}@${string}`;

/** The implementation behind a contender name (`ours@x` is ours). */
export const kindOf = (name: ContenderName): ContenderKind => name.split('@')[0] as ContenderKind;

/** Whether a contender's watches of one process share one long-poll (ours by default, and the watcher built on it). */
export const sharesOnePoll = (name: ContenderName): boolean => ['ours', 'ours-names', 'ours-all', 'watcher'].includes(kindOf(name));

/** Whether a contender is one of ours (judged against the targets). */
export const isOurs = (name: string): boolean => /^(ours|ours-unshared|ours-names|ours-all|watcher)(@|$)/.test(name);
