import { http, HttpResponse } from 'msw';
import { consulEvents$, type ConsulEventsStatus } from '../../src';
import { collect, fastRetry, indexOf, useFakeAgent } from '../helpers/fake-agent';
import { eventually } from '../helpers/eventually';

const agent = useFakeAgent();
const ids = (events: Array<{ ID: string }>) => events.map((event) => event.ID);

describe('consulEvents$(name): delivery', () => {
  it('emits the events already in the buffer first, oldest first, then each new one once', async () => {
    const a = agent.store.fire('deploy', 'a');
    const b = agent.store.fire('deploy', 'b');
    const watch = collect(consulEvents$('deploy', { retry: fastRetry }));
    await eventually(() => watch.values.length === 2);
    const c = agent.store.fire('deploy', 'c');
    await eventually(() => watch.values.length === 3);
    const d = agent.store.fire('deploy', 'd');
    const e = agent.store.fire('deploy', 'e');
    await eventually(() => watch.values.length === 5);
    expect(ids(watch.values)).toEqual([a.ID, b.ID, c.ID, d.ID, e.ID]);
  });

  it('emits only events of its name', async () => {
    agent.store.fire('other', 'x');
    const mine = agent.store.fire('deploy', 'y');
    const watch = collect(consulEvents$('deploy'));
    await agent.requestCount(2);
    agent.store.fire('other', 'z');
    const next = agent.store.fire('deploy', 'w');
    await eventually(() => watch.values.length === 2);
    expect(ids(watch.values)).toEqual([mine.ID, next.ID]);
  });

  it('emits the event as Consul sent it, payload still base64', async () => {
    agent.store.fire('deploy', 'v1.2.3');
    const watch = collect(consulEvents$('deploy'));
    await eventually(() => watch.values.length === 1);
    expect(watch.values[0]).toMatchObject({ Name: 'deploy', Payload: 'djEuMi4z', Version: 1, NodeFilter: '', ServiceFilter: '', TagFilter: '' });
  });

  it('emits nothing new when the wait times out with the same index, and keeps that index', async () => {
    agent.store.fire('deploy', 'a');
    const watch = collect(consulEvents$('deploy', { retry: fastRetry }));
    const blocked = await agent.requestCount(2);
    await agent.expireWait();
    const next = await agent.requestCount(3);
    expect(watch.values).toHaveLength(1);
    expect(indexOf(next)).toBe(indexOf(blocked));
  });

  it('with replay: false, skips the backlog and emits only events that arrive afterwards', async () => {
    agent.store.fire('deploy', 'old-1');
    agent.store.fire('deploy', 'old-2');
    const watch = collect(consulEvents$('deploy', { replay: false }));
    await agent.requestCount(2);
    expect(watch.values).toEqual([]);
    const fresh = agent.store.fire('deploy', 'new');
    await eventually(() => watch.values.length === 1);
    await agent.requestCount(3);
    expect(ids(watch.values)).toEqual([fresh.ID]);
  });

  it('with replay: false on an empty buffer, still emits the first event that arrives', async () => {
    const watch = collect(consulEvents$('deploy', { replay: false }));
    await agent.requestCount(2);
    const fresh = agent.store.fire('deploy', 'new');
    await eventually(() => watch.values.length === 1);
    expect(ids(watch.values)).toEqual([fresh.ID]);
  });

  it('resumes from a checkpoint: emits only what is listed after its last event, never one of seenIds', async () => {
    const older = agent.store.fire('deploy', 'listed before the checkpoint, never handled (replay: false)');
    const handled = agent.store.fire('deploy', 'handled before the restart');
    const missed = agent.store.fire('deploy', 'fired while we were down');
    const statuses: ConsulEventsStatus[] = [];
    const watch = collect(consulEvents$('deploy', { seenIds: [handled.ID], onStatus: (status) => statuses.push(status) }));
    await eventually(() => agent.store.pendingWaits === 1);
    expect(ids(watch.values)).toEqual([missed.ID]);
    expect(ids(watch.values)).not.toContain(older.ID);
    expect(statuses.filter((status) => status.type === 'gap')).toEqual([]);
  });

  it('resumes when nothing happened since: emits nothing, then what comes', async () => {
    const handled = agent.store.fire('deploy', 'handled');
    const watch = collect(consulEvents$('deploy', { initialIndex: agent.store.list().index, seenIds: [handled.ID] }));
    await eventually(() => agent.store.pendingWaits === 1);
    expect(watch.values).toEqual([]);
    const next = agent.store.fire('deploy', 'next');
    await eventually(() => watch.values.length === 1);
    expect(ids(watch.values)).toEqual([next.ID]);
  });

  it('resuming after the last event of the checkpoint left the buffer, reports a gap and emits every listed event not handled', async () => {
    const handled = agent.store.fire('deploy', 'handled, then evicted');
    const statuses: ConsulEventsStatus[] = [];
    for (let i = 0; i < 256; i++) agent.store.fire(i % 2 ? 'deploy' : 'noise', `n${i}`);
    const watch = collect(consulEvents$('deploy', { seenIds: [handled.ID], onStatus: (status) => statuses.push(status) }));
    await eventually(() => agent.store.pendingWaits === 1);
    expect(watch.values).toHaveLength(128);
    expect(statuses.filter((status) => status.type === 'gap')).toEqual([
      { type: 'gap', reason: 'evicted', lastSeenId: handled.ID, index: agent.store.list().index },
    ]);
  });

  it('delivers each event once across an agent restart, and the events after it', async () => {
    const before = agent.store.fire('deploy', 'before');
    const watch = collect(consulEvents$('deploy', { retry: fastRetry }));
    await agent.requestCount(2);
    agent.store.restart();
    await agent.expireWait();
    const after = agent.store.fire('deploy', 'after');
    await eventually(() => watch.values.length === 2);
    await agent.expireWait();
    await agent.requestCount(agent.requests.length + 1);
    expect(ids(watch.values)).toEqual([before.ID, after.ID]);
  });

  it('never emits an ID twice over many polls', async () => {
    const first = agent.store.fire('deploy', 'a');
    const watch = collect(consulEvents$('deploy', { retry: fastRetry }));
    for (let i = 1; i <= 5; i++) {
      await eventually(() => watch.values.length === i);
      agent.store.fire('deploy', `n${i}`);
    }
    await eventually(() => watch.values.length === 6);
    await agent.expireWait();
    await agent.requestCount(agent.requests.length + 1);
    expect(new Set(ids(watch.values)).size).toBe(6);
    expect(watch.values).toHaveLength(6);
    expect(watch.values[0]!.ID).toBe(first.ID);
  });

  it('gives two subscriptions their own loops: each sees everything, and one stopping leaves the other', async () => {
    const stream = consulEvents$('deploy', { retry: fastRetry });
    const a = agent.store.fire('deploy', 'a');
    const one = collect(stream);
    const two = collect(stream);
    await eventually(() => one.values.length === 1 && two.values.length === 1);
    one.stop();
    const b = agent.store.fire('deploy', 'b');
    await eventually(() => two.values.length === 2);
    expect(ids(one.values)).toEqual([a.ID]);
    expect(ids(two.values)).toEqual([a.ID, b.ID]);
  });

  it('never re-emits, even with a seen window smaller than what the agent lists', async () => {
    const fired = ['a', 'b', 'c', 'd', 'e'].map((payload) => agent.store.fire('deploy', payload));
    const watch = collect(consulEvents$('deploy', { seenWindow: 2, retry: fastRetry }));
    await eventually(() => watch.values.length === 5);
    await agent.expireWait();
    await agent.requestCount(3);
    await agent.expireWait();
    await agent.requestCount(4);
    expect(ids(watch.values)).toEqual(ids(fired));
  });

  it('sends back an index that went down byte for byte: it never resets to 0 and refetches', async () => {
    const answers = ['9000000000000000000', '0123', '0123'];
    agent.server.use(http.get('*/v1/event/list', () => HttpResponse.json([], { headers: { 'X-Consul-Index': answers.shift() ?? '0123' } })));
    const watch = collect(consulEvents$('deploy', { retry: fastRetry }));
    const third = await agent.requestCount(3);
    watch.stop();
    expect(agent.requests.map(indexOf)).toEqual([null, '9000000000000000000', '0123']);
    expect(indexOf(third)).toBe('0123');
  });
});
