import { eventually } from '../helpers/eventually';
import { indexOfEventId } from '../../src/consul/consul-index';
import { eventsOf, indexOf, useDoor, type OpenDoor } from './door-harness';

/** GET /v1/event/list?index=…&wait=…: when the agent answers a blocking query, and when it drops one. */
export function describeListBlocking(openDoor: OpenDoor): void {
  describe('GET /v1/event/list?index=&wait= (blocking)', () => {
    const agent = useDoor(openDoor);

    it('answers at once without an index, with index=0, or with a stale index', async () => {
      agent.store.fire('deploy');
      for (const query of ['?name=deploy&wait=10m', '?name=deploy&index=0&wait=10m', '?name=deploy&index=42&wait=10m']) {
        expect(eventsOf(await agent.list(query))).toHaveLength(1);
      }
      expect(agent.store.pendingWaits).toBe(0);
    });

    it('blocks on the current index until an event of that name arrives', async () => {
      const first = await agent.list('?name=deploy');
      const blocked = agent.list(`?name=deploy&index=${indexOf(first)}&wait=10m`);
      await eventually(() => agent.store.pendingWaits === 1);
      agent.store.fire('other');
      const fired = agent.store.fire('deploy');
      const answer = await blocked;
      expect(eventsOf(answer).map((event) => event.ID)).toEqual([fired.ID]);
      expect(indexOf(answer)).toBe(indexOfEventId(fired.ID));
    });

    it('answers a blocked request with the same index when its wait passes', async () => {
      const fired = agent.store.fire('deploy');
      const index = indexOfEventId(fired.ID);
      const answer = await agent.list(`?name=deploy&index=${index}&wait=20ms`);
      expect([answer.status, indexOf(answer), eventsOf(answer).length]).toEqual([200, index, 1]);
    });

    it('answers a blocked request when the test expires the waits', async () => {
      const blocked = agent.list('?name=deploy&index=1&wait=10m');
      await eventually(() => agent.store.pendingWaits === 1);
      agent.store.expireWaits();
      const answer = await blocked;
      expect([answer.status, indexOf(answer), answer.body]).toEqual([200, '1', '[]']);
    });

    it('leaves no blocked query behind when the client aborts', async () => {
      const controller = new AbortController();
      const blocked = agent.list('?index=1&wait=10m', { signal: controller.signal });
      await eventually(() => agent.store.pendingWaits === 1);
      controller.abort();
      await expect(blocked).rejects.toThrow();
      await eventually(() => agent.store.pendingWaits === 0);
    });

    it('answers a stale index at once after an agent restart, with index 1', async () => {
      const fired = agent.store.fire('deploy');
      agent.store.restart();
      const answer = await agent.list(`?name=deploy&index=${indexOfEventId(fired.ID)}&wait=10m`);
      expect([answer.body, indexOf(answer)]).toEqual(['[]', '1']);
    });

    it('drops blocked requests without an answer on an agent restart', async () => {
      const blocked = agent.list('?index=1&wait=10m');
      await eventually(() => agent.store.pendingWaits === 1);
      agent.store.restart();
      await expect(blocked).rejects.toThrow();
    });
  });
}
