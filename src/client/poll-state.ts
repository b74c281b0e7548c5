import type { ConsulEvent } from '../consul/event';
import { backoffDelay } from './backoff';
import type { EventListPage } from './event-list-request';
import type { WatchConfig } from './normalize-options';
import { SeenWindow } from './seen-window';
import type { ConsulEventsStatus } from './watch-status';

/** What one answer produced: the events to deliver, and how long to wait before the next poll. */
export interface PollStep {
  readonly events: readonly ConsulEvent[];
  readonly nextDelayMs: number;
}

/**
 * The state one subscription carries from answer to answer: the cursor (the opaque
 * `X-Consul-Index`), the window of seen IDs, the newest event of the last answer (to
 * notice a buffer that turned over), whether ACLs hid events, and the idle streak.
 */
export class PollState {
  /** Index to send with the next request; `undefined` until the first answer (or `initialIndex`). */
  index: string | undefined;
  private readonly seen: SeenWindow;
  private skipBacklog: boolean;
  private lastSeenId: string | undefined;
  private aclFiltered = false;
  private idleStreak = 0;

  constructor(
    private readonly config: Pick<WatchConfig, 'initialIndex' | 'seenIds' | 'seenWindow' | 'replay' | 'names' | 'retry' | 'waitMs'>,
    private readonly report: (status: ConsulEventsStatus) => void,
  ) {
    this.index = config.initialIndex;
    this.seen = new SeenWindow(config.seenWindow, config.seenIds);
    this.skipBacklog = !config.replay;
    // Resuming: the event handled last should still be listed, or some may have been lost meanwhile.
    this.lastSeenId = config.seenIds[config.seenIds.length - 1];
  }

  /**
   * Takes one answer to a request sent with `sentIndex` that took `elapsedMs`;
   * `interrupted` says whether the subscription stopped watching since the previous answer
   * (failed attempts, or a throttling delay).
   *
   * An answer without anything new that came back in less than half the wait (a stale
   * index answered at once, an agent that does not block) makes the next poll wait on the
   * retry backoff instead of spinning; the first answer and answers that blocked (the
   * agent's normal timeout, an eviction, a restart) never do.
   */
  handle(page: EventListPage, sentIndex: string | undefined, elapsedMs: number, interrupted: boolean): PollStep {
    this.checkForGap(page, interrupted);
    this.checkAclFiltering(page.filteredByAcls);
    this.seen.ensureCapacity(page.events.length);
    const fresh = page.events.filter((event) => this.seen.remember(event.ID));
    const names = this.config.names;
    const events = this.skipBacklog ? [] : names ? fresh.filter((event) => names.has(event.Name)) : fresh;
    this.skipBacklog = false;
    this.index = page.index;

    const progress = fresh.length > 0 || sentIndex === undefined || elapsedMs >= this.config.waitMs / 2;
    this.idleStreak = progress ? 0 : this.idleStreak + 1;
    if (this.idleStreak === 0) return { events, nextDelayMs: 0 };
    const delayMs = backoffDelay(this.idleStreak, this.config.retry);
    this.report({ type: 'throttled', streak: this.idleStreak, delayMs });
    return { events, nextDelayMs: delayMs };
  }

  /**
   * The agent's ring drops its oldest events first, so while the newest event of the last
   * answer is still listed, nothing between the two answers was lost. A list that emptied
   * while the subscription kept watching only aged out (any new event would have answered
   * the blocked poll), so it counts only after an interruption, as a restart causes.
   */
  private checkForGap(page: EventListPage, interrupted: boolean): void {
    const lastSeenId = this.lastSeenId;
    const newest = page.events[page.events.length - 1];
    this.lastSeenId = newest?.ID;
    if (lastSeenId === undefined || page.events.some((event) => event.ID === lastSeenId)) return;
    if (newest === undefined && !interrupted) return;
    this.report({ type: 'gap', reason: newest === undefined ? 'emptied' : 'evicted', lastSeenId, index: page.index });
  }

  private checkAclFiltering(filtered: boolean): void {
    if (filtered === this.aclFiltered) return;
    this.aclFiltered = filtered;
    this.report({ type: 'acl-filtered', filtered });
  }
}
