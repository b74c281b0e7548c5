import { Throttle } from '../../../src/client/poll/throttle';

describe('Throttle: a poll never spins on an agent that answers at once with nothing new', () => {
  const throttle = () => new Throttle(60_000, { initialDelay: 100, maxDelay: 400 });

  it('waits a growing backoff step after each early answer without news, and starts over on progress', () => {
    const t = throttle();
    const early = { sentIndex: '7', index: '7', fresh: 0, elapsedMs: 5 };
    const delays = [t.delayAfter(early), t.delayAfter(early), t.delayAfter(early), t.delayAfter(early)];
    expect(delays.map((delay, i) => delay >= [50, 100, 200, 200][i]! && delay <= [100, 200, 400, 400][i]!)).toEqual([true, true, true, true]);
    expect(t.streak).toBe(4);
    expect(t.delayAfter({ sentIndex: '7', index: '9', fresh: 1, elapsedMs: 5 })).toBe(0);
    expect(t.streak).toBe(0);
  });

  it('never throttles a first request, an answer that blocked half the wait, or one quiet move of the index', () => {
    const t = throttle();
    expect(t.delayAfter({ sentIndex: undefined, index: '7', fresh: 0, elapsedMs: 1 })).toBe(0);
    expect(t.delayAfter({ sentIndex: '7', index: '7', fresh: 0, elapsedMs: 30_000 })).toBe(0);
    expect(t.delayAfter({ sentIndex: '7', index: '8', fresh: 0, elapsedMs: 1 })).toBe(0);
    expect(t.delayAfter({ sentIndex: '8', index: '9', fresh: 0, elapsedMs: 1 })).toBeGreaterThan(0); // a second in a row
  });
});
