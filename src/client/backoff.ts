import type { RetryOptions } from './options';

/**
 * Delay before attempt `attempt + 1`, after `attempt` failures in a row (1-based):
 * exponential from `initialDelay`, capped at `maxDelay`, with "equal jitter": a random
 * point in the upper half of the step, so concurrent watchers spread out yet never retry
 * sooner than half the step.
 *
 * @param random source of randomness in [0, 1), injectable for tests
 */
export function backoffDelay(
  attempt: number,
  { initialDelay, maxDelay }: Readonly<Required<Pick<RetryOptions, 'initialDelay' | 'maxDelay'>>>,
  random: () => number = Math.random,
): number {
  const step = Math.min(maxDelay, initialDelay * 2 ** Math.max(0, attempt - 1));
  return step / 2 + random() * (step / 2);
}
