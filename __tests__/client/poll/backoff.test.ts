import fc from 'fast-check';
import { backoffDelay } from '../../../src/client/poll/backoff';

const policy = { initialDelay: 100, maxDelay: 1_000 };

describe('backoffDelay(attempt, policy, { random })', () => {
  it('doubles the step with each failure and caps it at maxDelay', () => {
    const top = (attempt: number) => backoffDelay(attempt, policy, { random: () => 1 });
    expect([1, 2, 3, 4, 5, 6].map(top)).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('draws each delay between half and all of the step (jitter)', () => {
    expect(backoffDelay(3, policy, { random: () => 0 })).toBe(200);
    expect(backoffDelay(3, policy, { random: () => 0.5 })).toBe(300);
    for (let i = 0; i < 100; i++) {
      const delay = backoffDelay(3, policy);
      expect(delay).toBeGreaterThanOrEqual(200);
      expect(delay).toBeLessThanOrEqual(400);
    }
  });

  it('never exceeds maxDelay however many attempts failed', () => {
    expect(backoffDelay(10_000, policy, { random: () => 0.999 })).toBeLessThanOrEqual(1_000);
  });
});

describe('backoffDelay(attempt, policy, { leastMs }): an agent\'s Retry-After', () => {
  it('never goes below leastMs, and spreads up to twice it while the step is smaller', () => {
    expect(backoffDelay(1, policy, { leastMs: 300, random: () => 0 })).toBe(300);
    expect(backoffDelay(1, policy, { leastMs: 300, random: () => 0.5 })).toBe(450);
    expect(backoffDelay(1, policy, { leastMs: 300, random: () => 1 })).toBe(600);
  });

  it('grows with the attempt once the step passes twice leastMs, as without it', () => {
    expect(backoffDelay(4, policy, { leastMs: 300, random: () => 0 })).toBe(400);
    expect(backoffDelay(4, policy, { leastMs: 300, random: () => 1 })).toBe(800);
  });

  it('keeps maxDelay as the cap: above half of it the spread narrows, above it the delay is maxDelay', () => {
    expect(backoffDelay(1, policy, { leastMs: 800, random: () => 0 })).toBe(800);
    expect(backoffDelay(1, policy, { leastMs: 800, random: () => 1 })).toBe(1_000);
    expect(backoffDelay(1, policy, { leastMs: 86_400_000, random: () => 0 })).toBe(1_000);
  });

  it('holds for any attempt, policy, least delay and draw: within [min(leastMs, maxDelay), maxDelay] and at least half the step', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 100_000 }),
      fc.integer({ min: 0, max: 200_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
      (attempt, initialDelay, extra, leastMs, draw) => {
        const maxDelay = initialDelay + extra;
        const delay = backoffDelay(attempt, { initialDelay, maxDelay }, { leastMs, random: () => draw });
        const plain = backoffDelay(attempt, { initialDelay, maxDelay }, { random: () => 0 });
        return delay >= Math.min(leastMs, maxDelay) && delay <= maxDelay && delay >= plain;
      },
    ));
  });
});
