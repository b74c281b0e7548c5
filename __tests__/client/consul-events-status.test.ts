import { http, HttpResponse } from 'msw';
import { consulEvents$, type ConsulEventsStatus } from '../../src';
import { clockScheduler, collect, fastRetry, useFakeAgent } from '../helpers/fake-agent';
import { eventually } from '../helpers/eventually';

const agent = useFakeAgent();

function watchWithStatus(name: string | string[], options: Parameters<typeof consulEvents$>[1] = {}) {
  const statuses: ConsulEventsStatus[] = [];
  const watch = collect(consulEvents$(name, { retry: fastRetry, ...options, onStatus: (s) => statuses.push(s) }));
  return { watch, statuses, of: <T extends ConsulEventsStatus['type']>(type: T) => statuses.filter((s) => s.type === type) as Array<Extract<ConsulEventsStatus, { type: T }>> };
}

describe('consulEvents$(name, { onStatus })', () => {
  it('reports each retry with its attempt, delay and cause, then the recovery', async () => {
    agent.store.injectFault({ kind: 'status', status: 503, body: 'No cluster leader' }, { route: 'list', times: 2 });
    const { watch, of } = watchWithStatus('deploy');
    agent.store.fire('deploy', 'a');
    await eventually(() => watch.values.length === 1);
    expect(of('retry').map((s) => [s.attempt, s.error.message])).toEqual([
      [1, 'Consul answered 503 to GET /v1/event/list?wait=60s: No cluster leader'],
      [2, 'Consul answered 503 to GET /v1/event/list?wait=60s: No cluster leader'],
    ]);
    of('retry').forEach((s) => expect(s.delayMs).toBeGreaterThan(0));
    expect(of('recovered')).toEqual([{ type: 'recovered', failedAttempts: 2 }]);
  });

  it('reports throttling when the agent answers at once without anything new', async () => {
    agent.server.use(http.get('*/v1/event/list', () => HttpResponse.json([], { headers: { 'X-Consul-Index': '9' } })));
    const { of } = watchWithStatus('deploy');
    await agent.requestCount(4);
    expect(of('throttled').map((s) => s.streak).slice(0, 2)).toEqual([1, 2]);
  });

  it("does not throttle after the agent's normal timeout, nor after the first answer", async () => {
    const { of } = watchWithStatus('deploy', { timeout: 0.05 }); // the emulator really waits 50 ms
    await agent.requestCount(4); // first answer (empty buffer), then three genuine timeouts
    expect(of('throttled')).toEqual([]);
  });

  it('with shared: false, does not throttle the answer to a poll that blocked until its name\'s last event aged out', async () => {
    agent.store.fire('deploy', 'a');
    const scheduler = clockScheduler();
    const { watch, of } = watchWithStatus('deploy', { timeout: 1, shared: false, scheduler });
    await eventually(() => watch.values.length === 1 && agent.store.pendingWaits === 1);
    const started = agent.requests.length;
    scheduler.advance(600); // blocked for more than half the wait, on the poll's clock
    for (let i = 0; i < 256; i++) agent.store.fire('noise', `${i}`); // evicts our only event: the filtered list empties
    await agent.requestCount(started + 1);
    expect(of('throttled')).toEqual([]);
    expect(of('gap')).toEqual([]); // it aged out while we watched: nothing can have been lost
  });

  it('reports when the agent starts and stops hiding events from the token', async () => {
    let filtered = true;
    agent.server.use(http.get('*/v1/event/list', ({ request }) => {
      const index = new URL(request.url).searchParams.get('index') ?? '0';
      const answer = HttpResponse.json([], { headers: { 'X-Consul-Index': String(Number(index) + 1), ...(filtered && { 'X-Consul-Results-Filtered-By-ACLs': 'true' }) } });
      filtered = false;
      return answer;
    }));
    const { of } = watchWithStatus('deploy');
    await agent.requestCount(3);
    expect(of('acl-filtered').map((s) => s.filtered)).toEqual([true, false]);
  });

  it('reports a possible gap when the buffer turned over between two polls', async () => {
    agent.store.fire('deploy', 'seen');
    const { watch, of } = watchWithStatus(['deploy', 'other']);
    await eventually(() => watch.values.length === 1 && agent.store.pendingWaits === 1);
    // A burst of 300 events (of a name we do not even watch) turns the 256-event ring over
    // faster than the client polls: what it saw last is gone from the next answer.
    for (let i = 0; i < 300; i++) agent.store.fire('noise', `burst-${i}`);
    await eventually(() => of('gap').length === 1);
    const [gap] = of('gap');
    expect(gap).toMatchObject({ type: 'gap', reason: 'evicted' });
    expect(agent.store.list().events.map((e) => e.ID)).not.toContain(gap!.lastSeenId);
  });

  it('reports a possible gap when the buffer was emptied (agent restart)', async () => {
    const last = agent.store.fire('deploy', 'seen');
    const { watch, of } = watchWithStatus('deploy');
    await eventually(() => watch.values.length === 1 && agent.store.pendingWaits === 1);
    agent.store.restart();
    await eventually(() => of('gap').length === 1);
    expect(of('gap')[0]).toMatchObject({ reason: 'emptied', lastSeenId: last.ID, index: '1' });
  });

  it('reports no gap while the newest event it saw is still listed', async () => {
    agent.store.fire('deploy', 'a');
    const { watch, of } = watchWithStatus('deploy');
    for (let i = 0; i < 5; i++) {
      await eventually(() => watch.values.length === i + 1);
      agent.store.fire('deploy', `n${i}`);
    }
    await eventually(() => watch.values.length === 6);
    expect(of('gap')).toEqual([]);
  });

  it('reports a gap on resume when the last handled event left the buffer while it was down', async () => {
    const handled = agent.store.fire('deploy', 'handled');
    for (let i = 0; i < 256; i++) agent.store.fire('noise', `${i}`);
    const fresh = agent.store.fire('deploy', 'after');
    const { watch, of } = watchWithStatus('deploy', { seenIds: [handled.ID] });
    await eventually(() => watch.values.length === 1);
    expect(watch.values[0]!.ID).toBe(fresh.ID);
    expect(of('gap')).toMatchObject([{ reason: 'evicted', lastSeenId: handled.ID }]);
  });

  it('rejects an onStatus that is not a function', () => {
    expect(() => consulEvents$('deploy', { onStatus: 'log' as never })).toThrow(/options\.onStatus must be a function, got "log"/);
  });
});
