import { eventually } from '../helpers/eventually';
import { indexOfEventId } from '../../src/consul/consul-index';
import { eventsOf, indexOf, useDoor, type OpenDoor } from './door-harness';

/** Injected faults, as a client sees them through the door. */
export function describeFaults(openDoor: OpenDoor): void {
  describe('store.injectFault(fault, options)', () => {
    const agent = useDoor(openDoor);

    it('answers a status fault as given, once, then the agent answers again', async () => {
      agent.store.injectFault({ kind: 'status', status: 429, body: 'Too many requests', headers: { 'Retry-After': '3' } });
      const faulty = await agent.list();
      expect([faulty.status, faulty.body, faulty.headers.get('Retry-After'), indexOf(faulty)]).toEqual([429, 'Too many requests', '3', null]);
      expect((await agent.list()).status).toBe(200);
    });

    it('applies faults in order, each `times` requests', async () => {
      agent.store.injectFault({ kind: 'status', status: 500 }, { times: 2 });
      agent.store.injectFault({ kind: 'status', status: 503 });
      expect([(await agent.list()).status, (await agent.list()).status, (await agent.list()).status, (await agent.list()).status]).toEqual([500, 500, 503, 200]);
    });

    it('resets the connection', async () => {
      agent.store.injectFault({ kind: 'reset' });
      await expect(agent.list()).rejects.toMatchObject({ name: 'TypeError' });
      expect((await agent.list()).status).toBe(200);
    });

    it('hangs until the client aborts, without counting as a blocked query', async () => {
      agent.store.injectFault({ kind: 'hang' });
      const hung = agent.list('', { signal: AbortSignal.timeout(30) });
      await expect(hung).rejects.toThrow();
      expect(agent.store.pendingWaits).toBe(0);
      expect((await agent.list()).status).toBe(200);
    });

    it('truncates the body of a real answer, keeping status and index', async () => {
      const fired = agent.store.fire('deploy', 'v1');
      agent.store.injectFault({ kind: 'truncated-body' });
      const answer = await agent.list();
      expect([answer.status, indexOf(answer)]).toEqual([200, indexOfEventId(fired.ID)]);
      expect(() => JSON.parse(answer.body)).toThrow(SyntaxError);
    });

    it('replaces the body of a real answer', async () => {
      agent.store.injectFault({ kind: 'body', body: '<html>proxy error</html>' });
      const answer = await agent.list();
      expect([answer.status, answer.body, indexOf(answer)]).toEqual([200, '<html>proxy error</html>', '1']);
    });

    it('removes X-Consul-Index, or replaces it with garbage', async () => {
      agent.store.injectFault({ kind: 'missing-index' });
      agent.store.injectFault({ kind: 'index', value: 'not-a-number' });
      const missing = await agent.list();
      expect([missing.status, missing.body, indexOf(missing)]).toEqual([200, '[]', null]);
      expect(indexOf(await agent.list())).toBe('not-a-number');
    });

    it('damages a blocked answer only once the agent answers it', async () => {
      agent.store.injectFault({ kind: 'index', value: 'garbage' });
      const blocked = agent.list('?index=1&wait=10m');
      await eventually(() => agent.store.pendingWaits === 1);
      agent.store.fire('deploy');
      const answer = await blocked;
      expect([eventsOf(answer).length, indexOf(answer)]).toEqual([1, 'garbage']);
    });

    it('hits only the chosen route', async () => {
      agent.store.injectFault({ kind: 'status', status: 500, body: 'boom' }, { route: 'fire' });
      expect((await agent.list()).status).toBe(200);
      expect(await agent.fire('deploy')).toMatchObject({ status: 500, body: 'boom' });
      expect(agent.store.list().events).toEqual([]);
    });
  });
}
