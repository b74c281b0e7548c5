import type { Subscriber } from 'rxjs';
import type { ConsulEvent } from '../../consul/event';
import { SeenWindow } from './seen-window';
import type { ConsulEventsStatus } from '../watch-status';

/**
 * Where a subscriber starts in the agent's list:
 * - `replay`: with the events listed when it joins;
 * - `skip`: after them (only later events);
 * - `resume`: after the last of its `seenIds` (a checkpoint), never delivering any of them.
 */
export type StartPoint = 'replay' | 'skip' | 'resume';

/** What one subscriber of a poll asked for. */
export interface SliceConfig {
  /** The names it watches; `undefined` watches every event. */
  readonly names: ReadonlySet<string> | undefined;
  readonly start: StartPoint;
  /** IDs already handled (a checkpoint), oldest first; the last one marks where to resume. */
  readonly seenIds: readonly string[];
  /** How many of `seenIds` are kept, and how many IDs the poll remembers at least. */
  readonly seenWindow: number;
  readonly onStatus: ((status: ConsulEventsStatus) => void) | undefined;
}

/**
 * One subscriber's share of a poll: its names, where it starts, and what it was told. The
 * poll hands it the list at its start and then each event the poll had not seen before;
 * the slice emits what is its own, in the agent's order.
 *
 * @example
 * ```ts
 * const slice = new EventSlice(subscriber, { names: new Set(['deploy']), start: 'replay', seenIds: [], seenWindow: 1024, onStatus: undefined });
 * slice.start(listed, index, 1, false); // emits the deploy events of `listed`
 * slice.offer(event);                   // emits it if it is a deploy event
 * ```
 */
export class EventSlice {
  /** Number of the poll's answer this slice started at; `undefined` while it waits for the first. */
  startedAt: number | undefined;
  /** Set when the agent could not be reached while this slice waited to start. */
  private outageBeforeStart = false;
  /** `seenIds`, kept after the start too: an event handled before a restart is never emitted. */
  private readonly handled: SeenWindow | undefined;

  constructor(
    private readonly subscriber: Subscriber<ConsulEvent>,
    readonly config: SliceConfig,
  ) {
    this.handled = config.seenIds.length > 0 ? new SeenWindow(config.seenWindow, config.seenIds) : undefined;
  }

  /** Whether the subscriber left (or failed). */
  get closed(): boolean {
    return this.subscriber.closed;
  }

  /** Whether this slice was watching before the poll's answer number `answer`. */
  watchedBefore(answer: number): boolean {
    return this.startedAt !== undefined && this.startedAt < answer;
  }

  /** Notes that a request failed before this slice could start. */
  markOutage(): void {
    this.outageBeforeStart = true;
  }

  /**
   * Starts at the poll's `answer`-th answer, whose list (without gossip duplicates) is
   * `listed`: reports what the start found, then emits the events its start point gives it.
   */
  start(listed: readonly ConsulEvent[], index: string, answer: number, aclFiltered: boolean): void {
    this.startedAt = answer;
    if (aclFiltered) this.report({ type: 'acl-filtered', filtered: true });
    const backlog = this.backlog(listed, index);
    for (let i = 0; i < backlog.length && !this.closed; i++) this.subscriber.next(backlog[i]!);
  }

  /** Emits `event`, new to the poll, if it is this slice's. */
  offer(event: ConsulEvent): void {
    if (this.watches(event) && this.handled?.has(event.ID) !== true) this.subscriber.next(event);
  }

  /** Tells `onStatus`; one that throws ends this subscription with its error. */
  report(status: ConsulEventsStatus): void {
    const onStatus = this.config.onStatus;
    if (onStatus === undefined || this.closed) return;
    try {
      onStatus(status);
    } catch (error) {
      this.subscriber.error(error);
    }
  }

  /** Ends the subscription with the poll's final error. */
  fail(error: unknown): void {
    this.subscriber.error(error);
  }

  private watches(event: ConsulEvent): boolean {
    const names = this.config.names;
    return names === undefined || names.has(event.Name);
  }

  private backlog(listed: readonly ConsulEvent[], index: string): ConsulEvent[] {
    const { start, seenIds } = this.config;
    if (start === 'replay') return listed.filter((event) => this.watches(event));
    if (start === 'skip') {
      const skipped = this.outageBeforeStart ? listed.filter((event) => this.watches(event)).length : 0;
      if (skipped > 0) this.report({ type: 'gap', reason: 'start-outage', index, skipped });
      return [];
    }
    const last = seenIds[seenIds.length - 1]!;
    const at = listed.findIndex((event) => event.ID === last);
    if (at < 0) this.report({ type: 'gap', reason: listed.length === 0 ? 'emptied' : 'evicted', lastSeenId: last, index });
    return listed.slice(at + 1).filter((event) => this.watches(event) && !this.handled!.has(event.ID));
  }
}
