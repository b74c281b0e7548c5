import { indexOfEventId } from '../../src/consul/consul-index';
import { ConsulEventStore, EventRejectedError } from '../../src/testing';
import { settled } from './settled';

let store: ConsulEventStore;
beforeEach(() => {
  store = new ConsulEventStore();
});
afterEach(() => store.close());

describe('store.fire(name, payload, filters)', () => {
  it('answers like the fire endpoint (LTime 0) and stores the event with its Lamport time', () => {
    const fired = store.fire('deploy', 'v1.2.3');
    expect(fired).toMatchObject({ Name: 'deploy', Payload: 'djEuMi4z', Version: 1, LTime: 0 });
    expect(store.list().events).toEqual([{ ...fired, LTime: 1 }]);
  });

  it('gives stored events rising Lamport times, shared by all names', () => {
    store.fire('a');
    store.fire('b');
    store.fire('a');
    expect(store.list().events.map((event) => event.LTime)).toEqual([1, 2, 3]);
  });

  it('stores events synchronously, so list() sees them at once', () => {
    const fired = store.fire('deploy');
    expect(store.list('deploy').index).toBe(indexOfEventId(fired.ID));
  });

  it('keeps raw bytes and an absent payload apart', () => {
    store.fire('bytes', Uint8Array.from([0, 255]));
    store.fire('none');
    expect(store.list().events.map((event) => event.Payload)).toEqual(['AP8=', null]);
  });

  it('throws the agent text for invalid parameters and does not advance the clock', () => {
    expect(() => store.fire('')).toThrow(new EventRejectedError('User event missing name'));
    expect(() => store.fire('deploy', null, { tag: 'x' })).toThrow('Cannot provide tag filter without service filter');
    expect(() => store.fire('deploy', 'x'.repeat(600))).toThrow(EventRejectedError);
    store.fire('deploy');
    expect(store.list().events).toEqual([expect.objectContaining({ LTime: 1 })]);
  });

  it('stores only events whose filters select this agent, yet every fire advances the clock', () => {
    const agent = new ConsulEventStore({ nodeName: 'web-1', services: [{ name: 'web', tags: ['canary'] }] });
    agent.fire('a', null, { node: '^db' });
    agent.fire('b', null, { service: 'web', tag: 'stable' });
    agent.fire('c', null, { node: 'web', service: '^web$', tag: 'can' });
    expect(agent.list().events.map((event) => [event.Name, event.LTime])).toEqual([['c', 3]]);
    agent.close();
  });

  it('never stores "_rexec" events', () => {
    store.fire('_rexec', 'run');
    expect(store.list().events).toEqual([]);
  });

  it('returns events the caller cannot change inside the store', () => {
    store.fire('deploy');
    const [event] = store.list().events;
    expect(() => Object.assign(event!, { Name: 'changed' })).toThrow(TypeError);
  });
});

describe('store.list(name, canRead)', () => {
  it('has index 1 and no events when empty', () => {
    expect(store.list()).toEqual({ events: [], index: '1', hiddenByAcl: false });
  });

  it('lists oldest first, filtered by exact case-sensitive name, with the index of the newest', () => {
    const a = store.fire('deploy');
    store.fire('Deploy');
    const b = store.fire('deploy');
    const list = store.list('deploy');
    expect(list.events.map((event) => event.ID)).toEqual([a.ID, b.ID]);
    expect(list.index).toBe(indexOfEventId(b.ID));
  });

  it('lets a burst of other names evict ours from the shared 256-event buffer', () => {
    store.fire('deploy');
    for (let i = 0; i < 256; i += 1) store.fire(`noise-${i}`);
    expect(store.list('deploy')).toEqual({ events: [], index: '1', hiddenByAcl: false });
    expect(store.list().events).toHaveLength(256);
  });

  it('honours bufferSize', () => {
    const small = new ConsulEventStore({ bufferSize: 2 });
    ['a', 'b', 'c'].forEach((name) => small.fire(name));
    expect(small.list().events.map((event) => event.Name)).toEqual(['b', 'c']);
    small.close();
  });

  it('computes the index from what canRead leaves, and says something was hidden', () => {
    const visible = store.fire('public');
    store.fire('secret');
    const list = store.list(undefined, (name) => name === 'public');
    expect(list).toEqual({ events: [expect.objectContaining({ ID: visible.ID })], index: indexOfEventId(visible.ID), hiddenByAcl: true });
  });
});

describe('store.deliverAgain(id)', () => {
  it('stores a gossip duplicate: same ID and Lamport time listed twice', () => {
    const fired = store.fire('deploy');
    store.fire('other');
    store.deliverAgain(fired.ID);
    expect(store.list().events.map((event) => [event.ID, event.LTime])).toEqual([
      [fired.ID, 1],
      [expect.any(String), 2],
      [fired.ID, 1],
    ]);
  });

  it('does not answer a query blocked on that same ID: the index is unchanged', async () => {
    const fired = store.fire('deploy');
    const waiting = store.waitForList('deploy', indexOfEventId(fired.ID), 60_000);
    store.deliverAgain(fired.ID);
    await expect(settled(waiting)).resolves.toBe('pending');
    store.expireWaits();
    await expect(waiting).resolves.toMatchObject({ events: [{ ID: fired.ID }, { ID: fired.ID }] });
  });

  it('refuses an ID that is not in the buffer', () => {
    expect(() => store.deliverAgain('afe6d0d3-c8f7-bea6-0311-2b3672cdb3fd')).toThrow(/no event with ID "afe6d0d3-/);
  });
});
