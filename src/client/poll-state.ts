import type { ConsulEvent } from '../consul/event';
import { DEFAULT_EVENT_BUFFER_SIZE } from '../consul/event-ring';
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
  /** What the last answer said of ACLs hiding events (`X-Consul-Results-Filtered-By-ACLs`), if anything. */
  private aclHeader: boolean | undefined;
  private idleStreak = 0;
  /** Whether the last answer moved the index and brought nothing new. */
  private lastWasQuietMove = false;
  /** How many events the agent lists, at most: the seen window never holds fewer IDs. */
  private listedLength = 0;
  /** The longest list read whole: bounds the estimate of `listedLength` between whole reads. */
  private longestRead = DEFAULT_EVENT_BUFFER_SIZE;
  /** Whether an answer was handled yet: from then on, every event up to `lastSeenId` went through the window. */
  private answered = false;

  constructor(
    private readonly config: Pick<WatchConfig, 'name' | 'initialIndex' | 'seenIds' | 'seenWindow' | 'replay' | 'names' | 'retry' | 'waitMs'>,
    private readonly report: (status: ConsulEventsStatus) => void,
  ) {
    this.index = config.initialIndex;
    this.seen = new SeenWindow(config.seenWindow, config.seenIds);
    this.skipBacklog = !config.replay;
    // Resuming: the event handled last should still be listed, or some may have been lost meanwhile.
    this.lastSeenId = config.seenIds[config.seenIds.length - 1];
  }

  /**
   * The ID after which the next answer may be read: the newest event of the last answer,
   * as the agent only appends to its list. `undefined` (read the whole answer) before this
   * subscription's first answer (a resume's `seenIds` need not hold every event listed
   * before the last of them), and whenever ACLs may hide events, as a policy change can
   * reveal older ones: while the agent says so, and, for a watch of several names or all
   * events, unless it says otherwise (it says only to a request with a token, from Consul
   * 1.11 on). Every event of one name gets the same ACL decision, so a one-name watch can
   * only see all of its events appear at once, which it reads whole.
   */
  get readAfterId(): string | undefined {
    const mayHide = this.aclHeader === true || (this.config.name === undefined && this.aclHeader !== false);
    return this.answered && !mayHide ? this.lastSeenId : undefined;
  }

  /**
   * Takes one answer to a request sent with `sentIndex` that took `elapsedMs`;
   * `interrupted` says whether the subscription stopped watching since the previous answer
   * (failed attempts, or a throttling delay).
   *
   * An answer without anything new that came back in less than half the wait (a stale
   * index answered at once, an agent that does not block) makes the next poll wait on the
   * retry backoff instead of spinning; the first answer, answers that blocked (the agent's
   * normal timeout) and a single answer that only moved the index (an eviction, a
   * restart) never do.
   */
  handle(page: EventListPage, sentIndex: string | undefined, elapsedMs: number, interrupted: boolean): PollStep {
    const listed = page.events;
    // A page read only after our newest event holds just the events that follow it.
    const readAfter = page.after !== undefined;
    const lastSeenAt = readAfter ? -1 : positionOf(listed, this.lastSeenId);
    // The agent only appends: nothing up to the newest event of the last answer can be new.
    const scanFrom = this.readAfterId === undefined ? 0 : lastSeenAt + 1;
    this.checkForGap(page, interrupted, readAfter || lastSeenAt >= 0);
    this.checkAclFiltering(page.filteredByAcls);
    if (!readAfter) this.longestRead = Math.max(this.longestRead, listed.length);
    this.listedLength = readAfter ? Math.min(this.listedLength + listed.length, this.longestRead) : listed.length;
    this.seen.ensureCapacity(this.listedLength);
    // The window still sees every event after ours: a gossip duplicate is appended too.
    const fresh: ConsulEvent[] = [];
    for (let i = scanFrom; i < listed.length; i++) {
      if (this.seen.remember(listed[i]!.ID)) fresh.push(listed[i]!);
    }
    const names = this.config.names;
    const events = this.skipBacklog ? [] : names ? fresh.filter((event) => names.has(event.Name)) : fresh;
    this.skipBacklog = false;
    this.answered = true;
    this.index = page.index;

    // A moved index with nothing new is how a blocking agent answers a real change at any
    // point of the wait (its ring evicted this list's last event, a restart emptied it): the
    // next poll blocks on the new index at once. A second one in a row is an agent that
    // does not block.
    const quietMove = sentIndex !== undefined && page.index !== sentIndex && fresh.length === 0;
    const progress = fresh.length > 0 || sentIndex === undefined || elapsedMs >= this.config.waitMs / 2
      || (quietMove && !this.lastWasQuietMove);
    this.lastWasQuietMove = quietMove;
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
  private checkForGap(page: EventListPage, interrupted: boolean, stillListed: boolean): void {
    const lastSeenId = this.lastSeenId;
    const newest = page.events[page.events.length - 1];
    this.lastSeenId = newest?.ID ?? (stillListed ? lastSeenId : undefined);
    if (lastSeenId === undefined || stillListed) return;
    if (newest === undefined && !interrupted) return;
    this.report({ type: 'gap', reason: newest === undefined ? 'emptied' : 'evicted', lastSeenId, index: page.index });
  }

  private checkAclFiltering(header: boolean | undefined): void {
    const filtered = header === true;
    const wasFiltered = this.aclHeader === true;
    this.aclHeader = header;
    if (filtered !== wasFiltered) this.report({ type: 'acl-filtered', filtered });
  }
}

/**
 * Position of the first event with this ID, or -1. The first: a gossip duplicate of it may
 * have been appended after newer events, which must not be skipped.
 */
function positionOf(events: readonly ConsulEvent[], id: string | undefined): number {
  if (id === undefined) return -1;
  for (let i = 0; i < events.length; i++) if (events[i]!.ID === id) return i;
  return -1;
}
