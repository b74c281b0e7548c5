import type { RetryOptions } from '../options/consul-events-options';

/** What besides the attempt number shapes one delay. */
export interface BackoffInput {
  /**
   * The least delay, in ms: what the agent asked for with `Retry-After`. The delay is never
   * shorter, unless that is above `maxDelay`. @default 0
   */
  readonly leastMs?: number;
  /** Source of randomness in [0, 1), injectable for tests. @default Math.random */
  readonly random?: () => number;
}

/**
 * Delay before attempt `attempt + 1`, after `attempt` failures in a row (1-based):
 * exponential from `initialDelay`, capped at `maxDelay`, with "equal jitter": a random
 * point in the upper half of the step, so concurrent watchers spread out yet never retry
 * sooner than half the step.
 *
 * A least delay (`Retry-After`) widens the step to at least twice itself, so the first
 * retries spread over `leastMs`…`2 × leastMs` instead of all firing at `leastMs` in
 * lock-step, and later ones keep growing with the attempt as without it. `maxDelay` stays
 * the cap in every case: a least delay above it gives `maxDelay` (a bogus `Retry-After:
 * 86400` cannot stall a watch for a day), and one above half of it narrows the spread to
 * `leastMs`…`maxDelay`.
 *
 * @example
 * ```ts
 * const policy = { initialDelay: 1_000, maxDelay: 30_000 };
 * backoffDelay(3, policy); // between 2000 and 4000
 * backoffDelay(1, policy, { leastMs: 5_000 }); // between 5000 and 10000
 * ```
 */
export function backoffDelay(
  attempt: number,
  { initialDelay, maxDelay }: Readonly<Required<Pick<RetryOptions, 'initialDelay' | 'maxDelay'>>>,
  { leastMs = 0, random = Math.random }: BackoffInput = {},
): number {
  const step = Math.min(maxDelay, Math.max(initialDelay * 2 ** Math.max(0, attempt - 1), 2 * leastMs));
  const low = Math.min(maxDelay, Math.max(step / 2, leastMs));
  return low + random() * (step - low);
}
