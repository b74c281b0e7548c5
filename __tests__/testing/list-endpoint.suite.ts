import { indexOfEventId } from '../../src/consul/consul-index';
import { eventsOf, indexOf, useDoor, type OpenDoor } from './door-harness';

/** GET /v1/event/list: the rules of consul-semantics.md for listing and blocking. */
export function describeListEndpoint(openDoor: OpenDoor): void {
  describe('GET /v1/event/list', () => {
    const agent = useDoor(openDoor);

    it('answers [] (never null) with index 1 and a JSON content type when there are no events', async () => {
      const answer = await agent.list();
      expect(answer).toMatchObject({ status: 200, body: '[]' });
      expect(indexOf(answer)).toBe('1');
      expect(answer.headers.get('Content-Type')).toBe('application/json');
    });

    it('lists events oldest first as compact JSON in Consul’s shape', async () => {
      const a = agent.store.fire('deploy', 'v1.2.3');
      const b = agent.store.fire('deploy');
      const answer = await agent.list('?name=deploy');
      expect(answer.body).toBe(JSON.stringify([{ ...a, LTime: 1 }, { ...b, LTime: 2 }]));
      expect(eventsOf(answer)[0]).toEqual({
        ID: a.ID, Name: 'deploy', Payload: 'djEuMi4z', NodeFilter: '', ServiceFilter: '', TagFilter: '', Version: 1, LTime: 1,
      });
      expect(eventsOf(answer)[1]?.Payload).toBeNull();
    });

    it('filters by exact, case-sensitive name; an empty name lists every event', async () => {
      agent.store.fire('deploy');
      agent.store.fire('Deploy');
      agent.store.fire('deploy-web');
      expect(eventsOf(await agent.list('?name=deploy')).map((event) => event.Name)).toEqual(['deploy']);
      expect(eventsOf(await agent.list('?name=')).map((event) => event.Name)).toEqual(['deploy', 'Deploy', 'deploy-web']);
    });

    it('ignores dc, stale, node, service and tag on list', async () => {
      agent.store.fire('deploy');
      const answer = await agent.list('?name=deploy&dc=elsewhere&stale&node=nothing&service=nothing&tag=nothing');
      expect(eventsOf(answer)).toHaveLength(1);
    });

    it('indents with ?pretty', async () => {
      const fired = agent.store.fire('deploy');
      const answer = await agent.list('?name=deploy&pretty');
      expect(answer.body).toBe(`${JSON.stringify([{ ...fired, LTime: 1 }], null, 4)}\n`);
    });

    it('computes X-Consul-Index from the newest event of the filtered list, as an exact string', async () => {
      const deploy = agent.store.fire('deploy');
      const other = agent.store.fire('other');
      expect(indexOf(await agent.list('?name=deploy'))).toBe(indexOfEventId(deploy.ID));
      expect(indexOf(await agent.list())).toBe(indexOfEventId(other.ID));
      expect(indexOf(await agent.list('?name=nothing'))).toBe('1');
    });

    it('shows a burst of other names evicting ours from the shared 256-event buffer', async () => {
      agent.store.fire('deploy');
      for (let i = 0; i < 256; i += 1) agent.store.fire(`noise-${i}`);
      const answer = await agent.list('?name=deploy');
      expect([answer.body, indexOf(answer)]).toEqual(['[]', '1']);
      expect(eventsOf(await agent.list())).toHaveLength(256);
    });

    it('answers 400 "Invalid wait time" for a bare number or another non-duration', async () => {
      for (const wait of ['30', '1h30', 'soon']) {
        const answer = await agent.list(`?index=1&wait=${wait}`);
        expect([answer.status, answer.body]).toEqual([400, 'Invalid wait time']);
        expect(answer.headers.get('Content-Type')).toBe('text/plain; charset=utf-8');
      }
    });

    it('answers 400 "Invalid index" for an index that is not a uint64', async () => {
      for (const index of ['-1', 'abc', '18446744073709551616']) {
        expect(await agent.list(`?index=${index}`)).toMatchObject({ status: 400, body: 'Invalid index' });
      }
    });

    it('answers 405 with Allow to other methods, and 200 with Allow to OPTIONS', async () => {
      const answer = await agent.list('', { method: 'POST' });
      expect([answer.status, answer.body, answer.headers.get('Allow')]).toEqual([405, 'method POST not allowed', 'OPTIONS,GET']);
      const options = await agent.list('', { method: 'OPTIONS' });
      expect([options.status, options.headers.get('Allow')]).toEqual([200, 'OPTIONS,GET']);
    });

    it('lists a gossip duplicate twice, with the same ID', async () => {
      const fired = agent.store.fire('deploy');
      agent.store.deliverAgain(fired.ID);
      expect(eventsOf(await agent.list('?name=deploy')).map((event) => event.ID)).toEqual([fired.ID, fired.ID]);
    });

    it('finds names with /, ?, %, spaces and non-ASCII when percent-encoded', async () => {
      const name = 'a/b c?d%e&é ✓';
      agent.store.fire(name);
      expect(eventsOf(await agent.list(`?name=${encodeURIComponent(name)}`)).map((event) => event.Name)).toEqual([name]);
    });
  });
}
