import type { ConsulEvent } from '../../consul/event';
import type { RetryOptions } from '../options/consul-events-options';
import { SeenWindow } from './seen-window';
import type { ConsulEventsStatus } from '../watch-status';
import { findGap } from './gap-check';
import type { EventListAnswer } from './list-request';
import { readEventList, type ListReading } from './list-reading';
import { Throttle } from './throttle';
import type { AnswerBody } from '../transport/answer-body';

/** Past this many events evicted at once, one splice() beats a shift() each. */
const MANY_EVICTED = 4;

/** A `gap` status. */
export type GapStatus = Extract<ConsulEventsStatus, { type: 'gap' }>;

/** What one answer did to a poll. */
export interface PollStep {
  /** Events the poll had not seen before, in the agent's order. */
  readonly fresh: readonly ConsulEvent[];
  /** Set when events may have been lost since the previous answer. */
  readonly gap: GapStatus | undefined;
  /** Set when the agent started or stopped hiding events from this token. */
  readonly aclChange: Extract<ConsulEventsStatus, { type: 'acl-filtered' }> | undefined;
  /** Set when this answer made no progress, so the next poll waits `nextDelayMs`. */
  readonly throttled: Extract<ConsulEventsStatus, { type: 'throttled' }> | undefined;
  /** How long to wait before the next poll. */
  readonly nextDelayMs: number;
}

/** How one answer came about, besides its content. */
export interface AnswerContext {
  /** Index the request was sent with. */
  readonly sentIndex: string | undefined;
  readonly elapsedMs: number;
  /** Whether the poll stopped watching since the previous answer (failed attempts, a throttling delay). */
  readonly interrupted: boolean;
}

/** What a poll's state needs to know of its configuration. */
export interface PollStateConfig {
  /** Whether the agent filters the list by name: its length then says nothing of the agent's ring. */
  readonly filteredByName: boolean;
  readonly waitMs: number;
  readonly retry: Readonly<Required<Pick<RetryOptions, 'initialDelay' | 'maxDelay'>>>;
  /** Event IDs remembered against duplicates, at least; grown to the longest list. */
  readonly seenWindow: number;
}

/**
 * What one long-poll carries from answer to answer: the cursor (the opaque
 * `X-Consul-Index`), the list the agent gave last (its newest event anchors the next read
 * and the gap check), the window of seen IDs, what the agent said of ACLs, and the
 * throttle. `step` turns an answer into a {@link PollStep}; it reports nothing itself.
 *
 * @example
 * ```ts
 * const state = new PollState({ filteredByName: false, waitMs: 60_000, retry, seenWindow: 1024 });
 * const answer = { index: '7', filteredByAcls: undefined, reading: state.read(body, redact, request) };
 * const step = state.step(answer, { sentIndex: undefined, elapsedMs: 2, interrupted: false });
 * step.fresh; // every event listed, oldest first
 * ```
 */
export class PollState {
  /** Index to send with the next request; `undefined` until the first answer. */
  index: string | undefined;
  /**
   * The agent's list as of the last answer, oldest first. Kept in place: an answer read after
   * the previous newest event drops what the agent evicted and appends what is new, so the
   * 256 events of a full ring are not copied on every answer.
   */
  private list: ConsulEvent[] = [];
  /** Whether an answer arrived yet. */
  answered = false;
  /** Whether the last answer said events were hidden from this token. */
  aclFiltered = false;
  private readonly seen: SeenWindow;
  private readonly throttle: Throttle;
  /** The body of the last answer: the next body is compared with it. */
  private listedBody: AnswerBody | undefined;
  /** `list` without gossip duplicates, made when first asked for after an answer. */
  private distinct: readonly ConsulEvent[] | undefined;

  constructor(private readonly config: PollStateConfig) {
    this.seen = new SeenWindow(config.seenWindow);
    this.throttle = new Throttle(config.waitMs, config.retry);
  }

  /** Makes the seen window remember at least `size` IDs. */
  ensureWindow(size: number): void {
    this.seen.ensureCapacity(size);
  }

  /**
   * The events of the last list, each once (the first copy of a gossip duplicate), oldest
   * first: what a subscriber joining now finds in the buffer.
   */
  get listedOnce(): readonly ConsulEvent[] {
    if (this.distinct === undefined) {
      const ids = new Set<string>();
      const distinct: ConsulEvent[] = [];
      for (const event of this.list) {
        if (ids.has(event.ID)) continue;
        ids.add(event.ID);
        distinct.push(event);
      }
      this.distinct = distinct;
    }
    return this.distinct;
  }

  /** Reads an answer's body against the last list: see {@link readEventList}. */
  read(body: AnswerBody, redact: (text: string) => string, request: string): ListReading {
    return readEventList(body, this.list, redact, request, this.listedBody);
  }

  /** Takes one answer, read with {@link read}. */
  step(answer: EventListAnswer<ListReading>, { sentIndex, elapsedMs, interrupted }: AnswerContext): PollStep {
    const { known, events } = answer.reading;
    const previous = this.list;
    const filteredByAcls = answer.filteredByAcls === true;
    // A list that is or was filtered by ACLs says nothing of the ring's length either.
    const filtered = this.config.filteredByName || filteredByAcls || this.aclFiltered;
    const aclFilteringBegan = filteredByAcls && !this.aclFiltered;
    const reason = findGap(previous, events, known, { filtered, interrupted, answeredBefore: this.answered, aclFilteringBegan });
    const lastSeenId = previous[previous.length - 1]?.ID;
    const gap: GapStatus | undefined = reason === undefined
      ? undefined
      : lastSeenId === undefined
        ? { type: 'gap', reason: 'evicted', index: answer.index }
        : { type: 'gap', reason, lastSeenId, index: answer.index };
    const aclChange = filteredByAcls === this.aclFiltered ? undefined : { type: 'acl-filtered' as const, filtered: filteredByAcls };

    this.seen.ensureCapacity(known + events.length);
    const fresh: ConsulEvent[] = [];
    // The window still sees every event after the known ones: a gossip duplicate is appended too.
    for (let i = 0; i < events.length; i++) {
      if (this.seen.remember(events[i]!.ID)) fresh.push(events[i]!);
    }
    if (known === 0) this.list = events;
    else {
      // shift() drops from the front in place (the array's start moves); splice() copies.
      const evicted = previous.length - known;
      if (evicted > MANY_EVICTED) previous.splice(0, evicted);
      else for (let i = 0; i < evicted; i++) previous.shift();
      for (let i = 0; i < events.length; i++) previous.push(events[i]!);
    }
    this.listedBody = answer.reading.body;
    this.distinct = undefined;
    this.index = answer.index;
    this.answered = true;
    this.aclFiltered = filteredByAcls;

    const nextDelayMs = this.throttle.delayAfter({ sentIndex, index: answer.index, fresh: fresh.length, elapsedMs });
    const throttled = nextDelayMs === 0 ? undefined : { type: 'throttled' as const, streak: this.throttle.streak, delayMs: nextDelayMs };
    return { fresh, gap, aclChange, throttled, nextDelayMs };
  }
}
