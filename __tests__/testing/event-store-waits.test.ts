import { indexOfEventId } from '../../src/consul/consul-index';
import { ConsulEventStore } from '../../src/testing';
import { settled } from './settled';

let store: ConsulEventStore;
beforeEach(() => {
  store = new ConsulEventStore();
});
afterEach(() => store.close());

describe('store.waitForList(name, index, waitMs, signal, canRead)', () => {
  it('answers at once without an index, with index 0, or with an index that is not current', async () => {
    store.fire('deploy');
    for (const index of [undefined, '0', '42']) {
      await expect(settled(store.waitForList('deploy', index, 60_000))).resolves.toEqual({ value: store.list('deploy') });
    }
    expect(store.pendingWaits).toBe(0);
  });

  it('blocks on the current index until an event changes the filtered list', async () => {
    const { index } = store.list('deploy');
    const waiting = store.waitForList('deploy', index, 60_000);
    expect(store.pendingWaits).toBe(1);
    const fired = store.fire('deploy');
    await expect(waiting).resolves.toEqual({ events: [{ ...fired, LTime: 1 }], index: indexOfEventId(fired.ID), hiddenByAcl: false });
    expect(store.pendingWaits).toBe(0);
  });

  it('keeps blocking when an event of another name is stored (woken, re-checked, still equal)', async () => {
    const waiting = store.waitForList('deploy', store.list('deploy').index, 60_000);
    store.fire('other');
    await expect(settled(waiting)).resolves.toBe('pending');
    expect(store.pendingWaits).toBe(1);
  });

  it('compares indexes as numbers beyond 2^53, including leading zeros', async () => {
    store.fire('deploy');
    const { index } = store.list('deploy');
    const waiting = store.waitForList('deploy', `00${index}`, 60_000);
    await expect(settled(waiting)).resolves.toBe('pending');
    store.expireWaits();
    await expect(waiting).resolves.toMatchObject({ index });
  });

  it('answers when the ring evicts the only event of the filtered list', async () => {
    const small = new ConsulEventStore({ bufferSize: 2 });
    small.fire('deploy');
    small.fire('other');
    const waiting = small.waitForList('deploy', small.list('deploy').index, 60_000);
    small.fire('other');
    await expect(waiting).resolves.toEqual({ events: [], index: '1', hiddenByAcl: false });
    small.close();
  });

  it('answers with the unchanged index once waitMs passes', async () => {
    store.fire('deploy');
    const { index } = store.list('deploy');
    await expect(store.waitForList('deploy', index, 5)).resolves.toMatchObject({ index });
    expect(store.pendingWaits).toBe(0);
  });

  it('answers a timed-out query with the same index, though the ring may have shortened its list', async () => {
    const small = new ConsulEventStore({ bufferSize: 3 });
    const [oldest, newest] = [small.fire('deploy'), small.fire('deploy')];
    const index = indexOfEventId(newest.ID);
    const waiting = small.waitForList('deploy', index, 10);
    small.fire('other');
    small.fire('other');
    await expect(waiting).resolves.toEqual({ events: [expect.objectContaining({ ID: newest.ID })], index, hiddenByAcl: false });
    expect(oldest.ID).not.toBe(newest.ID);
    small.close();
  });

  it('answers every blocked query on expireWaits()', async () => {
    const first = store.waitForList('a', '1', 60_000);
    const second = store.waitForList(undefined, '1', 60_000);
    expect(store.pendingWaits).toBe(2);
    store.expireWaits();
    await expect(Promise.all([first, second])).resolves.toEqual([
      { events: [], index: '1', hiddenByAcl: false },
      { events: [], index: '1', hiddenByAcl: false },
    ]);
  });

  it('blocks on the index of the readable events only', async () => {
    store.fire('public');
    const readable = (name: string) => name === 'public';
    const { index } = store.list(undefined, readable);
    const waiting = store.waitForList(undefined, index, 60_000, undefined, readable);
    store.fire('secret');
    await expect(settled(waiting)).resolves.toBe('pending');
    const next = store.fire('public');
    await expect(waiting).resolves.toMatchObject({ index: indexOfEventId(next.ID) });
  });

  it('refuses an index that is not a uint64', async () => {
    await expect(store.waitForList('deploy', 'abc', 1)).rejects.toThrow(/index must be a decimal uint64, got "abc"/);
  });

  describe('timers', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('removes the query and its timer when the signal aborts', async () => {
      const controller = new AbortController();
      const waiting = store.waitForList('deploy', '1', 60_000, controller.signal);
      expect([store.pendingWaits, jest.getTimerCount()]).toEqual([1, 1]);
      controller.abort(new Error('client gone'));
      await expect(waiting).rejects.toThrow('client gone');
      expect([store.pendingWaits, jest.getTimerCount()]).toEqual([0, 0]);
    });

    it('rejects at once for a signal that is already aborted', async () => {
      const signal = AbortSignal.abort(new Error('client gone before asking'));
      await expect(store.waitForList('deploy', '1', 60_000, signal)).rejects.toBe(signal.reason);
      expect([store.pendingWaits, jest.getTimerCount()]).toEqual([0, 0]);
    });

    it('clears the timer when an event answers the query', async () => {
      const waiting = store.waitForList('deploy', '1', 60_000);
      store.fire('deploy');
      await waiting;
      expect(jest.getTimerCount()).toBe(0);
    });

    it('sets no timer for an unlimited wait (a negative Go wait)', async () => {
      const waiting = store.waitForList('deploy', '1', Infinity);
      expect([store.pendingWaits, jest.getTimerCount()]).toEqual([1, 0]);
      store.fire('deploy');
      await expect(waiting).resolves.toMatchObject({ events: [expect.objectContaining({ Name: 'deploy' })] });
    });

    it('answers at waitMs, not before', async () => {
      const waiting = store.waitForList('deploy', '1', 30_000);
      jest.advanceTimersByTime(29_999);
      expect(store.pendingWaits).toBe(1);
      jest.advanceTimersByTime(1);
      await expect(waiting).resolves.toMatchObject({ index: '1' });
    });
  });
});
