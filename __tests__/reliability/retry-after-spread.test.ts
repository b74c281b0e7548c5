import { Subscription, type SchedulerLike } from 'rxjs';
import { consulEvents$ } from '../../src';
import { startHostileAgent, type HostileAgent } from './helpers/hostile-agent';
import { eventually } from '../helpers/eventually';

// 100 watches behind one rate limiter that answers 429 with `Retry-After: 1`. Honoured as
// the delay itself, every watch retries at exactly 1 s: 100 requests in one wave, every
// second, forever. Honoured as the least delay, the retries spread over 1–2 s.

/** A scheduler that records the delays asked of it and never runs the work: each watch stops at its first retry. */
function frozenScheduler(delays: number[]): SchedulerLike {
  return {
    now: () => Date.now(),
    schedule(_work, delay = 0) {
      delays.push(delay);
      return new Subscription();
    },
  };
}

let agent: HostileAgent;
beforeEach(async () => {
  agent = await startHostileAgent();
  agent.respond = (_req, res) => res.writeHead(429, { 'Retry-After': '1' }).end('rate limited');
});
afterEach(() => agent.close());

it('100 watches behind a 429 with Retry-After: 1 wait at least 1 s each, spread over 1–2 s instead of in lock-step', async () => {
  const delays: number[] = [];
  const watches = Array.from({ length: 100 }, (_, i) =>
    // One token each: watches with different tokens never share a request.
    consulEvents$('deploy', { port: agent.port, token: `token-${i}`, scheduler: frozenScheduler(delays) }).subscribe());
  try {
    await eventually(() => delays.length === 100);
  } finally {
    watches.forEach((watch) => watch.unsubscribe());
  }
  expect(Math.min(...delays)).toBeGreaterThanOrEqual(1_000);
  expect(Math.max(...delays)).toBeLessThanOrEqual(2_000);
  // Uniform over 1–2 s: the chance that 100 draws fall within 500 ms of each other is below 1e-28.
  expect(Math.max(...delays) - Math.min(...delays)).toBeGreaterThan(500);
});
