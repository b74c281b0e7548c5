import { http, HttpResponse } from 'msw';
import { consulEvents$, ConsulHttpError, ConsulResponseError } from '../../src';
import { collect, fastRetry, indexOf, recordingScheduler, useFakeAgent } from '../helpers/fake-agent';
import { eventually } from '../helpers/eventually';

const agent = useFakeAgent();

/** Answers the next `times` list requests with `respond`, then lets the emulator answer again. */
function failNext(times: number, respond: () => Response | Promise<Response>) {
  agent.server.use(http.get('*/v1/event/list', respond, { once: true }));
  for (let i = 1; i < times; i++) agent.server.use(http.get('*/v1/event/list', respond, { once: true }));
}

describe('consulEvents$(name, { retry }): transient failures', () => {
  it.each<[string, () => Response]>([
    ['a 500', () => new HttpResponse('rpc error: No cluster leader', { status: 500 })],
    ['a 503', () => new HttpResponse('', { status: 503 })],
    ['a 429', () => new HttpResponse('Your IP is issuing too many concurrent connections', { status: 429 })],
    ['a network error', () => HttpResponse.error()],
    ['a body that is not JSON', () => new HttpResponse('<html>bad gateway</html>', { status: 200, headers: { 'X-Consul-Index': '5' } })],
    ['a JSON body that is not an array', () => HttpResponse.json({ oops: true }, { headers: { 'X-Consul-Index': '5' } })],
    ['a missing X-Consul-Index', () => HttpResponse.json([])],
    ['a garbage X-Consul-Index', () => HttpResponse.json([], { headers: { 'X-Consul-Index': 'abc' } })],
    ['a duplicated X-Consul-Index', () => HttpResponse.json([], { headers: { 'X-Consul-Index': '12, 12' } })],
  ])('retries after %s, keeping the index and the seen IDs', async (_, respond) => {
    const a = agent.store.fire('deploy', 'a');
    const watch = collect(consulEvents$('deploy', { retry: fastRetry }));
    const blocked = await agent.requestCount(2);
    failNext(1, respond);
    await agent.expireWait();
    const failing = await agent.requestCount(3);
    const retried = await agent.requestCount(4);
    const b = agent.store.fire('deploy', 'b');
    await agent.requestCount(5);
    watch.stop();
    expect(watch.error).toBeUndefined();
    expect(indexOf(failing)).toBe(indexOf(blocked));
    expect(indexOf(retried)).toBe(indexOf(blocked));
    expect(watch.values.map((e) => e.ID)).toEqual([a.ID, b.ID]);
  });

  it('waits with exponential, capped backoff between attempts', async () => {
    const scheduler = recordingScheduler();
    failNext(6, () => new HttpResponse('down', { status: 500 }));
    const watch = collect(consulEvents$('deploy', { scheduler, retry: { initialDelay: 2, maxDelay: 10 } }));
    await agent.requestCount(7);
    watch.stop();
    const delays = scheduler.delays.filter((d) => d > 0);
    const steps = [2, 4, 8, 10, 10, 10];
    expect(delays).toHaveLength(steps.length);
    delays.forEach((delay, i) => {
      expect(delay).toBeGreaterThanOrEqual(steps[i]! / 2);
      expect(delay).toBeLessThanOrEqual(steps[i]!);
    });
  });

  it('starts the backoff over after a success', async () => {
    const scheduler = recordingScheduler();
    agent.store.fire('deploy', 'a');
    failNext(3, () => new HttpResponse('down', { status: 500 }));
    const watch = collect(consulEvents$('deploy', { scheduler, retry: { initialDelay: 4, maxDelay: 64 } }));
    await agent.requestCount(4); // three failures, then the answer with the event
    await eventually(() => watch.values.length === 1);
    failNext(1, () => new HttpResponse('down', { status: 500 }));
    agent.store.fire('deploy', 'b'); // answers the blocked poll: a success
    await agent.requestCount(7); // request 6 fails, request 7 is the retry
    watch.stop();
    const delays = scheduler.delays.filter((d) => d > 0);
    expect(delays).toHaveLength(4);
    expect(delays[2]).toBeGreaterThanOrEqual(8); // third failure in a row: step 16
    expect(delays[3]).toBeLessThanOrEqual(4); // first failure after a success: step 4 again
  });

  it("caps the agent's Retry-After at maxDelay: a bogus one does not stall the watch", async () => {
    const scheduler = recordingScheduler();
    failNext(1, () => new HttpResponse('slow down', { status: 429, headers: { 'Retry-After': '86400' } }));
    const watch = collect(consulEvents$('deploy', { scheduler, retry: fastRetry }));
    await agent.requestCount(2);
    watch.stop();
    expect(scheduler.delays.filter((d) => d > 0)).toEqual([fastRetry.maxDelay]);
  });

  describe('Retry-After: the least delay, then growing and jittered like any other retry', () => {
    const slowDown = (retryAfter: string) => () => new HttpResponse('slow down', { status: 429, headers: { 'Retry-After': retryAfter } });
    let random: jest.SpyInstance<number, []>;
    afterEach(() => random?.mockRestore());

    /** The delays of `failures` 429 answers in a row, with Math.random() fixed at `draw`. */
    async function delaysBehind(retryAfter: string, failures: number, draw: number, retry: { initialDelay: number; maxDelay: number }) {
      random = jest.spyOn(Math, 'random').mockReturnValue(draw);
      const scheduler = recordingScheduler();
      failNext(failures, slowDown(retryAfter));
      const watch = collect(consulEvents$('deploy', { scheduler, retry }));
      await agent.requestCount(failures + 1);
      watch.stop();
      return scheduler.delays.filter((d) => d > 0);
    }

    it.each([[0, 20], [0.75, 35]])(
      'never retries sooner than Retry-After, and spreads watches over up to twice it (draw %d: %d ms), so they do not retry in lock-step',
      async (draw, delay) => {
        expect(await delaysBehind('0.02', 1, draw, { initialDelay: 1, maxDelay: 100 })).toEqual([delay]);
      },
    );

    it('keeps growing with the attempt while the agent keeps asking for the same delay', async () => {
      const delays = await delaysBehind('0.002', 6, 0.5, { initialDelay: 1, maxDelay: 64 });
      // Steps max(2^(n-1), 2 × 2 ms), each delay halfway up its upper half.
      expect(delays).toEqual([3, 3, 3, 6, 12, 24]);
    });

    it.each(['0', '-1', '', '  ', 'soon', '1.5 seconds'])('treats Retry-After %j as absent: the plain backoff', async (retryAfter) => {
      expect(await delaysBehind(retryAfter, 3, 1, { initialDelay: 2, maxDelay: 100 })).toEqual([2, 4, 8]);
    });
  });

  it('errors with the last failure after maxRetries retries (maxRetries + 1 failed attempts)', async () => {
    failNext(3, () => new HttpResponse('rpc error', { status: 500 }));
    const watch = collect(consulEvents$('deploy', { retry: { ...fastRetry, maxRetries: 2 } }));
    await eventually(() => watch.error !== undefined);
    expect(agent.requests).toHaveLength(3);
    expect(watch.error).toBeInstanceOf(ConsulHttpError);
    expect((watch.error as ConsulHttpError).status).toBe(500);
  });

  it('does not spin when the agent answers at once without blocking: it slows down instead', async () => {
    const scheduler = recordingScheduler();
    // An agent (or proxy) that ignores index: same list, same index, at once, every time.
    agent.server.use(http.get('*/v1/event/list', () => HttpResponse.json([], { headers: { 'X-Consul-Index': '7' } })));
    const watch = collect(consulEvents$('deploy', { scheduler, retry: { initialDelay: 1, maxDelay: 16 } }));
    await agent.requestCount(7);
    watch.stop();
    const delays = scheduler.delays.filter((d) => d > 0);
    expect(delays.length).toBeGreaterThanOrEqual(5);
    expect(delays[4]).toBeGreaterThanOrEqual(8); // the fifth idle answer in a row waits a step of 16
  });

  it('does not spin when each answer carries a new index but nothing new', async () => {
    const scheduler = recordingScheduler();
    let n = 100;
    agent.server.use(http.get('*/v1/event/list', () => HttpResponse.json([], { headers: { 'X-Consul-Index': String(n++) } })));
    const watch = collect(consulEvents$('deploy', { scheduler, retry: { initialDelay: 1, maxDelay: 16 } }));
    await agent.requestCount(7);
    watch.stop();
    // The first move is taken for an eviction (re-polled at once); every one after it waits.
    expect(scheduler.delays.filter((d) => d > 0).length).toBeGreaterThanOrEqual(4);
  });

  it('re-polls at once, unthrottled, when the agent answers early only to move the index (its buffer evicted the last event)', async () => {
    const scheduler = recordingScheduler();
    const statuses: string[] = [];
    agent.store.fire('deploy', 'a');
    const watch = collect(consulEvents$('deploy', { scheduler, retry: { initialDelay: 50, maxDelay: 100 }, onStatus: (s) => statuses.push(s.type) }));
    const blocked = await agent.requestCount(2);
    // The buffer turns over with other names' events: the list of "deploy" empties, the index moves.
    for (let i = 0; i < 256; i++) agent.store.fire('other');
    const next = await agent.requestCount(3);
    watch.stop();
    expect(indexOf(next)).not.toBe(indexOf(blocked));
    expect(scheduler.delays.filter((d) => d > 0)).toEqual([]);
    expect(statuses).not.toContain('throttled');
  });
});

describe('consulEvents$(name, options): final failures', () => {
  const token = 'a3b1c2d4-secret-token-value';

  it('errors at once on 403 ACL not found, without retrying and without the token', async () => {
    failNext(1, () => new HttpResponse('ACL not found', { status: 403 }));
    const watch = collect(consulEvents$('deploy', { token, retry: fastRetry }));
    await eventually(() => watch.error !== undefined);
    expect(agent.requests).toHaveLength(1);
    const error = watch.error as ConsulHttpError;
    expect(error).toBeInstanceOf(ConsulHttpError);
    expect(error.status).toBe(403);
    expect(error.body).toBe('ACL not found');
    expect(error.transient).toBe(false);
    expect(error.message).toBe('Consul answered 403 to GET /v1/event/list?wait=60s: ACL not found');
    const everything = `${error.message} ${error.stack} ${JSON.stringify(error)} ${String(error.cause)}`;
    expect(everything).not.toContain(token);
  });

  it.each([400, 401, 404])('errors at once on %i', async (status) => {
    failNext(1, () => new HttpResponse('Invalid wait time', { status }));
    const watch = collect(consulEvents$('deploy', { retry: fastRetry }));
    await eventually(() => watch.error !== undefined);
    expect(agent.requests).toHaveLength(1);
    expect((watch.error as ConsulHttpError).status).toBe(status);
  });

  it('delivers what it had before a final failure, and nothing twice', async () => {
    const a = agent.store.fire('deploy', 'a');
    const watch = collect(consulEvents$('deploy', { retry: fastRetry }));
    await agent.requestCount(2);
    failNext(1, () => new HttpResponse('Permission denied', { status: 403 }));
    await agent.expireWait();
    await eventually(() => watch.error !== undefined);
    expect(watch.values.map((e) => e.ID)).toEqual([a.ID]);
  });

  it('reports a response error by class, naming what was wrong', async () => {
    failNext(2, () => HttpResponse.json([], { headers: { 'X-Consul-Index': 'abc' } }));
    const watch = collect(consulEvents$('deploy', { retry: { ...fastRetry, maxRetries: 1 } }));
    await eventually(() => watch.error !== undefined);
    expect(watch.error).toBeInstanceOf(ConsulResponseError);
    expect((watch.error as Error).message).toMatch(/X-Consul-Index "abc" is not a 64-bit decimal/);
  });
});
