import type { ConsulEvent } from '../../consul/event';
import { DEFAULT_EVENT_BUFFER_SIZE } from '../../consul/event-ring';

/** Why events may have been lost between two answers: see `ConsulEventsStatus`'s `gap`. */
export type GapReason = 'evicted' | 'emptied';

/** What is known of one answer besides its list, to judge a missing event. */
export interface GapContext {
  /**
   * Whether the list is a filtered view of the agent's ring (a name filter, or events
   * hidden by ACLs): then its length says nothing of the ring's.
   */
  readonly filtered: boolean;
  /** Whether the poll stopped watching since the previous answer (failed attempts, a throttling delay). */
  readonly interrupted: boolean;
  /** Whether `previous` is an answer, not the nothing a poll starts with. */
  readonly answeredBefore: boolean;
  /** Whether the agent began hiding events from this token with this answer: a missing event may only be hidden now. */
  readonly aclFilteringBegan: boolean;
}

/**
 * Whether events may have been lost between the `previous` list and the next one, and why.
 * The agent's ring drops its oldest events first, so while the previous list's newest event
 * is still listed, nothing between the two answers was lost; `known > 0` says the reading
 * already found it (`listed` is then not looked at: it may hold only the events read after it).
 *
 * When it is gone: the ring of an unfiltered list only grows until it is full and then keeps
 * its length, so a shorter list means the agent started over (`'emptied'`: a restart), a
 * list as long or longer that it turned over (`'evicted'`). A filtered list can also shrink
 * by eviction; it counts as emptied only when nothing is listed, and only after an
 * interruption: while the poll kept watching, a list that emptied only aged out (any new
 * event of it would have answered the blocked poll).
 *
 * An empty previous answer has no newest event to look for; an unfiltered list that comes
 * back from it holding a whole ring (256 events) may have lost its oldest (`'evicted'`). A
 * missing event is not a gap when the agent just began hiding events from this token.
 *
 * @example
 * ```ts
 * const watching = { filtered: false, interrupted: false, answeredBefore: true, aclFilteringBegan: false };
 * findGap([a, b], [c, d, e], 0, watching);                       // 'evicted'
 * findGap([a, b], [c], 0, { ...watching, interrupted: true });   // 'emptied'
 * findGap([a, b], [b, c], 1, watching);                          // undefined
 * ```
 */
export function findGap(
  previous: readonly ConsulEvent[],
  listed: readonly ConsulEvent[],
  known: number,
  { filtered, interrupted, answeredBefore, aclFilteringBegan }: GapContext,
): GapReason | undefined {
  const newest = previous[previous.length - 1];
  if (newest === undefined) return answeredBefore && !filtered && listed.length >= DEFAULT_EVENT_BUFFER_SIZE ? 'evicted' : undefined;
  if (known > 0 || aclFilteringBegan) return undefined;
  const id = newest.ID;
  for (let i = 0; i < listed.length; i++) if (listed[i]!.ID === id) return undefined;
  if (!filtered) return listed.length < previous.length ? 'emptied' : 'evicted';
  if (listed.length > 0) return 'evicted';
  return interrupted ? 'emptied' : undefined;
}
