import { ConnectionDroppedError, ConsulEventStore } from '../../src/testing';
import { settled } from './settled';

let store: ConsulEventStore;
beforeEach(() => {
  store = new ConsulEventStore();
});
afterEach(() => store.close());

describe('store.restart()', () => {
  it('empties the buffer, so the index is back to 1', () => {
    store.fire('deploy');
    store.restart();
    expect(store.list('deploy')).toEqual({ events: [], index: '1', hiddenByAcl: false });
  });

  it('drops blocked queries unanswered', async () => {
    const waiting = store.waitForList('deploy', '1', 60_000);
    store.restart();
    await expect(waiting).rejects.toEqual(new ConnectionDroppedError('restart'));
    expect(store.pendingWaits).toBe(0);
  });

  it('keeps the Lamport clock counting, as a restored serf snapshot does', () => {
    store.fire('a');
    store.restart();
    store.fire('b');
    expect(store.list().events.map((event) => event.LTime)).toEqual([2]);
  });

  it('keeps working afterwards', async () => {
    store.restart();
    const waiting = store.waitForList('deploy', '1', 60_000);
    store.fire('deploy');
    await expect(waiting).resolves.toMatchObject({ events: [expect.objectContaining({ Name: 'deploy' })] });
  });
});

describe('store.close()', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('drops every blocked and hung request and clears every timer', async () => {
    const waiting = store.waitForList('deploy', '1', 60_000);
    const hung = store.hang();
    store.close();
    await expect(waiting).rejects.toEqual(new ConnectionDroppedError('close'));
    await expect(hung).rejects.toEqual(new ConnectionDroppedError('close'));
    expect([store.pendingWaits, jest.getTimerCount()]).toEqual([0, 0]);
  });

  it('drops later blocking requests at once, but still answers non-blocking ones', async () => {
    store.close();
    await expect(store.waitForList('deploy', '1', 60_000)).rejects.toBeInstanceOf(ConnectionDroppedError);
    await expect(store.hang()).rejects.toBeInstanceOf(ConnectionDroppedError);
    await expect(store.waitForList('deploy', undefined, 60_000)).resolves.toMatchObject({ index: '1' });
    expect(jest.getTimerCount()).toBe(0);
  });

  it('forgets queued faults', () => {
    store.injectFault({ kind: 'reset' });
    store.close();
    expect(store.takeFault('list')).toBeUndefined();
  });
});

describe('store.hang(signal)', () => {
  it('stays pending until the signal aborts, then rejects with its reason', async () => {
    const controller = new AbortController();
    const hung = store.hang(controller.signal);
    store.expireWaits();
    store.fire('deploy');
    await expect(settled(hung)).resolves.toBe('pending');
    expect(store.pendingWaits).toBe(0);
    controller.abort(new Error('gave up'));
    await expect(hung).rejects.toThrow('gave up');
  });

  it('is dropped by restart()', async () => {
    const hung = store.hang();
    store.restart();
    await expect(hung).rejects.toEqual(new ConnectionDroppedError('restart'));
  });
});

describe('store.injectFault(fault, options) / store.takeFault(route)', () => {
  it('hands out faults in the order they were injected, one request each by default', () => {
    store.injectFault({ kind: 'reset' });
    store.injectFault({ kind: 'hang' });
    expect(store.takeFault('list')).toEqual({ kind: 'reset' });
    expect(store.takeFault('fire')).toEqual({ kind: 'hang' });
    expect(store.takeFault('list')).toBeUndefined();
  });

  it('hits `times` requests', () => {
    store.injectFault({ kind: 'missing-index' }, { times: 2 });
    expect([store.takeFault('list'), store.takeFault('list'), store.takeFault('list')]).toEqual([
      { kind: 'missing-index' },
      { kind: 'missing-index' },
      undefined,
    ]);
  });

  it('leaves requests to the other route alone', () => {
    store.injectFault({ kind: 'status', status: 500 }, { route: 'fire' });
    store.injectFault({ kind: 'reset' }, { route: 'list' });
    expect(store.takeFault('list')).toEqual({ kind: 'reset' });
    expect(store.takeFault('list')).toBeUndefined();
    expect(store.takeFault('fire')).toEqual({ kind: 'status', status: 500 });
  });

  it('refuses a count that is not a positive integer', () => {
    expect(() => store.injectFault({ kind: 'reset' }, { times: 0 })).toThrow(/times must be a positive integer, got 0/);
  });
});
