import { backoffDelay } from '../../src/client/backoff';

const policy = { initialDelay: 100, maxDelay: 1_000 };

describe('backoffDelay(attempt, policy, random)', () => {
  it('doubles the step with each failure and caps it at maxDelay', () => {
    const top = (attempt: number) => backoffDelay(attempt, policy, () => 1);
    expect([1, 2, 3, 4, 5, 6].map(top)).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('draws each delay between half and all of the step (jitter)', () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(200);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(300);
    for (let i = 0; i < 100; i++) {
      const delay = backoffDelay(3, policy);
      expect(delay).toBeGreaterThanOrEqual(200);
      expect(delay).toBeLessThanOrEqual(400);
    }
  });

  it('never exceeds maxDelay however many attempts failed', () => {
    expect(backoffDelay(10_000, policy, () => 0.999)).toBeLessThanOrEqual(1_000);
  });
});
