import type { RetryOptions } from '../options/consul-events-options';
import { backoffDelay } from './backoff';

/** What one answer looked like to the throttle. */
export interface AnswerPace {
  /** Index sent with the request; `undefined` for a first request (answered at once by design). */
  readonly sentIndex: string | undefined;
  /** Index the agent answered with. */
  readonly index: string;
  /** How many events the answer brought that the poll had not seen. */
  readonly fresh: number;
  /** How long the request took. */
  readonly elapsedMs: number;
}

/**
 * Keeps a poll from spinning on an agent (or a proxy) that answers at once with nothing
 * new: a stale index answered at once, an agent that does not block. Such an answer makes
 * the next poll wait on the retry backoff, growing with each one in a row.
 *
 * Answers that make progress never throttle: new events, a first request, an answer that
 * blocked at least half the wait (the agent's normal timeout), and a single answer that
 * only moved the index (how a blocking agent answers an eviction or a restart at any point
 * of the wait: the next poll then blocks on the new index). A second such answer in a row
 * is an agent that does not block.
 *
 * @example
 * ```ts
 * const throttle = new Throttle(60_000, { initialDelay: 1_000, maxDelay: 30_000 });
 * throttle.delayAfter({ sentIndex: '7', index: '7', fresh: 0, elapsedMs: 3 }); // 500–1000 (ms), streak 1
 * throttle.delayAfter({ sentIndex: '7', index: '9', fresh: 1, elapsedMs: 3 }); // 0
 * ```
 */
export class Throttle {
  /** How many answers in a row made no progress. */
  streak = 0;
  private lastWasQuietMove = false;

  constructor(
    private readonly waitMs: number,
    private readonly retry: Readonly<Required<Pick<RetryOptions, 'initialDelay' | 'maxDelay'>>>,
  ) {}

  /** The delay before the next poll: 0, or a backoff step when this answer made no progress. */
  delayAfter({ sentIndex, index, fresh, elapsedMs }: AnswerPace): number {
    const quietMove = sentIndex !== undefined && index !== sentIndex && fresh === 0;
    const progress = fresh > 0 || sentIndex === undefined || elapsedMs >= this.waitMs / 2
      || (quietMove && !this.lastWasQuietMove);
    this.lastWasQuietMove = quietMove;
    this.streak = progress ? 0 : this.streak + 1;
    return this.streak === 0 ? 0 : backoffDelay(this.streak, this.retry);
  }
}
