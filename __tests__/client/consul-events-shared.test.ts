import { http, HttpResponse } from 'msw';
import { map, merge, take, type Subscription } from 'rxjs';
import { consulEvents$, ConsulHttpError, type ConsulEvent, type ConsulEventsStatus } from '../../src';
import { sharedPollCount } from '../../src/client/poll/shared-polls';
import { startConsulEmulator, type ConsulEmulator } from '../../src/testing';
import { collect, fastRetry, useFakeAgent } from '../helpers/fake-agent';
import { eventually } from '../helpers/eventually';

const ids = (events: readonly ConsulEvent[]) => events.map((event) => event.ID);
const idsOf = (events: readonly ConsulEvent[], name: string) => ids(events.filter((event) => event.Name === name));

describe('consulEvents$ subscriptions of one process share one long-poll (MSW agent)', () => {
  const agent = useFakeAgent();
  const statusesOf = () => {
    const statuses: ConsulEventsStatus[] = [];
    return { statuses, onStatus: (status: ConsulEventsStatus) => statuses.push(status) };
  };

  it('serves one name, several names and every event over one request at a time, each its own events in the agent order', async () => {
    const one = collect(consulEvents$('deploy'));
    const several = collect(consulEvents$(['deploy', 'restart']));
    const every = collect(consulEvents$());
    await eventually(() => agent.store.pendingWaits === 1);
    const fired = ['deploy', 'other', 'restart', 'deploy'].map((name) => agent.store.fire(name, name));
    await eventually(() => every.values.length === 4 && several.values.length === 3 && one.values.length === 2);
    await eventually(() => agent.store.pendingWaits === 1);
    expect(ids(one.values)).toEqual(idsOf(fired, 'deploy'));
    expect(ids(several.values)).toEqual(ids(fired.filter((event) => event.Name !== 'other')));
    expect(ids(every.values)).toEqual(ids(fired));
    expect(sharedPollCount()).toBe(1);
  });

  it('gives a late subscriber the events listed when it joins, at once and without a request of its own', async () => {
    const early = collect(consulEvents$('deploy'));
    const a = agent.store.fire('deploy', 'a');
    agent.store.fire('other', 'x');
    await eventually(() => early.values.length === 1 && agent.store.pendingWaits === 1);
    const requests = agent.requests.length;
    const late = collect(consulEvents$('deploy'));
    expect(ids(late.values)).toEqual([a.ID]); // synchronously, from the poll's last answer
    const b = agent.store.fire('deploy', 'b');
    await eventually(() => late.values.length === 2 && early.values.length === 2);
    expect(ids(late.values)).toEqual([a.ID, b.ID]);
    expect(ids(early.values)).toEqual([a.ID, b.ID]);
    expect(agent.requests.length).toBe(requests + 1);
  });

  it('gives a late subscriber with replay: false only what comes after it joined', async () => {
    const early = collect(consulEvents$());
    agent.store.fire('deploy', 'old');
    await eventually(() => early.values.length === 1 && agent.store.pendingWaits === 1);
    const late = collect(consulEvents$('deploy', { replay: false }));
    const fresh = agent.store.fire('deploy', 'new');
    await eventually(() => late.values.length === 1);
    expect(ids(late.values)).toEqual([fresh.ID]);
  });

  it('resumes a late subscriber from its checkpoint: only what is listed after the last of its seenIds', async () => {
    const early = collect(consulEvents$());
    const [, handled, missed] = ['v1', 'v2', 'v3'].map((version) => agent.store.fire('deploy', version));
    await eventually(() => early.values.length === 3 && agent.store.pendingWaits === 1);
    const resumed = collect(consulEvents$('deploy', { seenIds: [handled!.ID] }));
    expect(ids(resumed.values)).toEqual([missed!.ID]);
  });

  it('lets names come and go without a new connection, a lost or a repeated event for the others', async () => {
    const stays = collect(consulEvents$('deploy'));
    await eventually(() => agent.store.pendingWaits === 1);
    const fired: ConsulEvent[] = [];
    for (let round = 0; round < 5; round++) {
      const visitor = collect(consulEvents$(`visitor-${round}`));
      fired.push(agent.store.fire('deploy', `d${round}`), agent.store.fire(`visitor-${round}`, 'v'));
      await eventually(() => visitor.values.length === 1 && stays.values.length === round + 1);
      visitor.stop();
    }
    expect(ids(stays.values)).toEqual(idsOf(fired, 'deploy'));
    expect(new Set(agent.requests.map((request) => request.url.searchParams.has('name')))).toEqual(new Set([false]));
    expect(sharedPollCount()).toBe(1);
  });

  it('delivers once to a subscriber that joins from inside another subscriber, while an answer is being delivered', async () => {
    const joined: ConsulEvent[] = [];
    let inner: Subscription | undefined;
    const first = collect(consulEvents$('deploy').pipe(take(1), map((event) => {
      inner = consulEvents$('deploy').subscribe((late) => joined.push(late));
      return event;
    })));
    await eventually(() => agent.store.pendingWaits === 1);
    const a = agent.store.fire('deploy', 'a');
    await eventually(() => first.values.length === 1 && agent.store.pendingWaits === 1);
    const b = agent.store.fire('deploy', 'b');
    await eventually(() => joined.length === 2);
    inner!.unsubscribe();
    expect(ids(joined)).toEqual([a.ID, b.ID]);
  });

  it('keeps serving the others when one subscriber errors in its own pipe or onStatus', async () => {
    const broken = collect(consulEvents$('deploy', { retry: fastRetry }).pipe(map(() => { throw new Error('consumer bug'); })));
    const throwingStatus = collect(consulEvents$('deploy', { onStatus: () => { throw new Error('status bug'); }, retry: fastRetry }));
    const healthy = collect(consulEvents$('deploy', { retry: fastRetry }));
    await eventually(() => agent.store.pendingWaits === 1);
    agent.store.injectFault({ kind: 'status', status: 500, body: 'boom' }, { route: 'list', times: 1 });
    agent.store.expireWaits(); // the next request meets the fault: every subscriber of the poll is told of the retry
    await eventually(() => throwingStatus.error !== undefined && agent.store.pendingWaits === 1);
    const a = agent.store.fire('deploy', 'a');
    await eventually(() => healthy.values.length === 1 && broken.error !== undefined);
    expect((broken.error as Error).message).toBe('consumer bug');
    expect((throwingStatus.error as Error).message).toBe('status bug');
    const b = agent.store.fire('deploy', 'b');
    await eventually(() => healthy.values.length === 2);
    expect(ids(healthy.values)).toEqual([a.ID, b.ID]);
  });

  it('reports a gap to the subscribers that were watching, not to one that joined after it', async () => {
    const early = statusesOf();
    collect(consulEvents$('deploy', { onStatus: early.onStatus }));
    agent.store.fire('deploy', 'seen');
    await eventually(() => agent.store.pendingWaits === 1 && agent.requests.length >= 2);
    agent.store.restart();
    await eventually(() => early.statuses.some((status) => status.type === 'gap'));
    const late = statusesOf();
    collect(consulEvents$('deploy', { onStatus: late.onStatus }));
    expect(early.statuses.filter((status) => status.type === 'gap')).toMatchObject([{ reason: 'emptied' }]);
    expect(late.statuses).toEqual([]);
  });

  it('runs a poll of its own for a different timeout, retry policy or shared: false', async () => {
    const watches = [
      consulEvents$('a'), consulEvents$('b'), consulEvents$('c', { timeout: 30 }),
      consulEvents$('d', { retry: fastRetry }), consulEvents$('e', { shared: false }),
    ].map(collect);
    await eventually(() => agent.store.pendingWaits === 4);
    expect(sharedPollCount()).toBe(3);
    watches.forEach((watch) => watch.stop());
    expect(sharedPollCount()).toBe(0);
  });
});

describe('consulEvents$ with replay: false when the agent cannot be reached at the start', () => {
  const agent = useFakeAgent();

  it('reports the events it took for backlog as a start-outage gap, so none is lost silently', async () => {
    let failures = 2;
    agent.server.use(http.get('*/v1/event/list', () => (failures-- > 0 ? new HttpResponse('starting', { status: 503 }) : undefined)));
    const statuses: ConsulEventsStatus[] = [];
    const watch = collect(consulEvents$('deploy', { replay: false, retry: { initialDelay: 30, maxDelay: 30 }, onStatus: (s) => statuses.push(s) }));
    await agent.requestCount(1);
    agent.store.fire('deploy', 'fired while the agent was unreachable');
    agent.store.fire('other', 'not watched');
    await eventually(() => agent.store.pendingWaits === 1);
    expect(watch.values).toEqual([]);
    expect(statuses.filter((status) => status.type === 'gap')).toEqual([
      { type: 'gap', reason: 'start-outage', index: agent.store.list().index, skipped: 1 },
    ]);
  });

  it('reports nothing when the first request succeeds, or when nothing of its names was listed', async () => {
    agent.store.fire('deploy', 'old');
    const statuses: ConsulEventsStatus[] = [];
    collect(consulEvents$('deploy', { replay: false, onStatus: (s) => statuses.push(s) }));
    await eventually(() => agent.store.pendingWaits === 1);
    let failures = 1;
    agent.server.use(http.get('*/v1/event/list', () => (failures-- > 0 ? new HttpResponse('starting', { status: 503 }) : undefined)));
    const quiet: ConsulEventsStatus[] = [];
    collect(consulEvents$('restart', { replay: false, retry: fastRetry, onStatus: (s) => quiet.push(s) }));
    await eventually(() => agent.store.pendingWaits === 2);
    expect(statuses.filter((status) => status.type === 'gap')).toEqual([]);
    expect(quiet.filter((status) => status.type === 'gap')).toEqual([]);
  });
});

describe('consulEvents$ sharing across tokens (loopback emulator with ACLs)', () => {
  let emulator: ConsulEmulator;
  beforeEach(async () => {
    emulator = await startConsulEmulator({
      acl: { tokens: { 'deploy-reader': { read: ['deploy'] }, 'all-reader': { read: '*' }, admin: { read: '*', write: '*' } } },
    });
  });
  afterEach(() => emulator.close());

  it('never shares a poll across tokens, and never hands one token an event only another may read', async () => {
    const options = (token: string) => ({ port: emulator.port, token, retry: fastRetry });
    const narrow = collect(consulEvents$(undefined, options('deploy-reader')));
    const wide = collect(consulEvents$(undefined, options('all-reader')));
    await eventually(() => emulator.store.pendingWaits === 2);
    expect(sharedPollCount()).toBe(2);
    const deploy = emulator.fire('deploy', 'both may read');
    const secret = emulator.fire('secret', 'only all-reader may read');
    await eventually(() => wide.values.length === 2 && narrow.values.length === 1);
    await eventually(() => emulator.store.pendingWaits === 2);
    expect(ids(narrow.values)).toEqual([deploy.ID]);
    expect(ids(wide.values)).toEqual([deploy.ID, secret.ID]);
  });

  it('ends the subscriptions of a token the agent refuses (403), and only those', async () => {
    const refused = [collect(consulEvents$('deploy', { port: emulator.port, token: 'unknown' })), collect(consulEvents$('other', { port: emulator.port, token: 'unknown' }))];
    const fine = collect(consulEvents$('deploy', { port: emulator.port, token: 'all-reader' }));
    await eventually(() => refused.every((watch) => watch.error !== undefined) && emulator.store.pendingWaits === 1);
    expect(refused.map((watch) => (watch.error as ConsulHttpError).status)).toEqual([403, 403]);
    const event = emulator.fire('deploy', 'still served');
    await eventually(() => fine.values.length === 1);
    expect(ids(fine.values)).toEqual([event.ID]);
    expect(fine.error).toBeUndefined();
  });
});

describe('consulEvents$ at scale (loopback emulator)', () => {
  let emulator: ConsulEmulator;
  beforeEach(async () => {
    emulator = await startConsulEmulator();
  });
  afterEach(() => emulator.close());

  it('serves 1,000 subscriptions of 100 names over one long-poll within the agent connection limit, each exactly its events', async () => {
    const names = Array.from({ length: 100 }, (_, i) => `service-${i}`);
    const watches = Array.from({ length: 1_000 }, (_, i) => collect(consulEvents$(names[i % 100], { port: emulator.port })));
    const all = collect(merge(...names.slice(0, 10).map((name) => consulEvents$(name, { port: emulator.port }))));
    await eventually(() => emulator.store.pendingWaits === 1);
    const fired = names.flatMap((name) => [emulator.fire(name, 'a'), emulator.fire(name, 'b')]);
    await eventually(() => watches.every((watch) => watch.values.length === 2) && all.values.length === 20);
    await eventually(() => emulator.store.pendingWaits === 1);
    watches.forEach((watch, i) => expect(ids(watch.values)).toEqual(idsOf(fired, names[i % 100]!)));
    expect(emulator.openListRequests).toBe(1);
    expect(sharedPollCount()).toBe(1);
    expect(emulator.connections.mostFromOneClient).toBeLessThanOrEqual(2); // the default limit is 200
    expect(emulator.connections.refused).toBe(0);
  });

  it('with shared: false past the limit, tells the subscriptions the agent refused of the connection limit', async () => {
    const small = await startConsulEmulator({ maxConnsPerClient: 2 });
    try {
      const statuses: ConsulEventsStatus[][] = [];
      const watches = Array.from({ length: 3 }, (_, i) => {
        const mine: ConsulEventsStatus[] = [];
        statuses.push(mine);
        return collect(consulEvents$(`n${i}`, { port: small.port, shared: false, retry: { initialDelay: 20, maxDelay: 40 }, onStatus: (s) => mine.push(s) }));
      });
      await eventually(() => statuses.some((mine) => mine.some((s) => s.type === 'connection-limit')));
      expect(small.connections.refused).toBeGreaterThan(0);
      watches.forEach((watch) => watch.stop());
    } finally {
      await small.close();
    }
  });
});
