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

/** One name, a list of names (one poll for all of them), or `null` for every event. */
export type WatchTarget = string | readonly string[] | null;

/** An event as the agent lists it, as far as the contenders read it. */
export interface ListedEvent { readonly ID: string; readonly Name: string }

/**
 * One way of watching Consul events. `watch` starts a watch and calls `onEvent` once per
 * new event (new since the watch started: the buffer's backlog is skipped by all
 * contenders alike). It returns the stop function.
 */
export interface Contender {
  readonly health: ContenderHealth;
  watch(target: WatchTarget, onEvent: (id: string, name: string) => void): () => void;
}
