import { eventually } from '../helpers/eventually';
import type { ConsulEvent } from '../../src/consul/event';
import { eventsOf, useDoor, type OpenDoor } from './door-harness';

/** PUT /v1/event/fire/:name: the rules of consul-semantics.md for firing. */
export function describeFireEndpoint(openDoor: OpenDoor): void {
  describe('PUT /v1/event/fire/:name', () => {
    const agent = useDoor(openDoor);

    it('answers 200 with the event (LTime 0, base64 payload) and no index, and stores it', async () => {
      const answer = await agent.fire('deploy', { body: 'v1.2.3' });
      const fired = JSON.parse(answer.body) as ConsulEvent;
      expect(answer.status).toBe(200);
      expect(fired).toEqual({
        ID: expect.any(String), Name: 'deploy', Payload: 'djEuMi4z', NodeFilter: '', ServiceFilter: '', TagFilter: '', Version: 1, LTime: 0,
      });
      expect(answer.headers.get('X-Consul-Index')).toBeNull();
      expect(answer.headers.get('Content-Type')).toBe('application/json');
      expect(agent.store.list('deploy').events).toEqual([{ ...fired, LTime: 1 }]);
    });

    it('answers Payload null for an empty body', async () => {
      expect(JSON.parse((await agent.fire('deploy')).body)).toMatchObject({ Payload: null });
      expect(JSON.parse((await agent.fire('deploy', { body: '' })).body)).toMatchObject({ Payload: null });
    });

    it('keeps arbitrary payload bytes', async () => {
      const answer = await agent.fire('deploy', { body: Uint8Array.from([0, 0xff, 0x10]) });
      expect(JSON.parse(answer.body)).toMatchObject({ Payload: 'AP8Q' });
    });

    it('answers 400 "Missing name" for an empty name', async () => {
      expect(await agent.fire('')).toMatchObject({ status: 400, body: 'Missing name' });
    });

    it('takes names with /, ?, %, spaces and non-ASCII when percent-encoded in the path', async () => {
      const name = 'a/b c?d%e&é ✓';
      const answer = await agent.fire(encodeURIComponent(name));
      expect(JSON.parse(answer.body)).toMatchObject({ Name: name });
      expect(agent.store.list(name).events).toHaveLength(1);
    });

    it('stores the event only on agents its node/service/tag filters select, and echoes them', async () => {
      await agent.reopen({ nodeName: 'web-1', services: [{ name: 'web', tags: ['canary'] }] });
      const answer = await agent.fire('deploy?node=web&service=%5Eweb%24&tag=canary');
      expect(JSON.parse(answer.body)).toMatchObject({ NodeFilter: 'web', ServiceFilter: '^web$', TagFilter: 'canary' });
      await agent.fire('deploy?node=db');
      await agent.fire('deploy?service=web&tag=stable');
      expect(agent.store.list('deploy').events.map((event) => event.NodeFilter)).toEqual(['web']);
    });

    it('answers 500 for a tag filter without a service filter, and for a filter Go cannot compile, in Go’s words', async () => {
      expect(await agent.fire('deploy?tag=canary')).toMatchObject({ status: 500, body: 'Cannot provide tag filter without service filter' });
      expect(await agent.fire('deploy?node=(')).toMatchObject({ status: 500, body: 'Invalid node filter: error parsing regexp: missing closing ): `(`' });
      expect(await agent.fire(`deploy?node=${encodeURIComponent('(?=web)')}`)).toMatchObject({
        status: 500,
        body: 'Invalid node filter: error parsing regexp: invalid or unsupported Perl syntax: `(?=`',
      });
      expect(agent.store.list().events).toEqual([]);
    });

    it('takes filters in Go’s RE2 syntax, which JavaScript refuses', async () => {
      await agent.reopen({ nodeName: 'web-1', services: [{ name: 'web', tags: ['canary'] }] });
      const answer = await agent.fire(`deploy?node=${encodeURIComponent('(?i)^WEB-\\d\\z')}&service=${encodeURIComponent('(?P<svc>web)')}`);
      expect(answer.status).toBe(200);
      expect(agent.store.list('deploy').events).toHaveLength(1);
    });

    it('answers 500 with serf’s text for a payload too large for one gossip message', async () => {
      const answer = await agent.fire('deploy', { body: 'x'.repeat(420) });
      expect(answer).toMatchObject({ status: 500, body: 'error broadcasting event: encoded user event exceeds configured limit of 512 bytes after encoding' });
      expect(agent.store.list().events).toEqual([]);
      expect((await agent.fire('deploy', { body: 'x'.repeat(99) })).status).toBe(200);
    });

    it('answers 405 with Allow to other methods', async () => {
      const answer = await agent.fire('deploy', { method: 'POST' });
      expect([answer.status, answer.body, answer.headers.get('Allow')]).toEqual([405, 'method POST not allowed', 'OPTIONS,PUT']);
      expect((await agent.send('/v1/event/fire/deploy')).status).toBe(405);
    });

    it('ignores dc', async () => {
      expect((await agent.fire('deploy?dc=dc2')).status).toBe(200);
    });

    it('wakes a blocked list request', async () => {
      const blocked = agent.list('?name=deploy&index=1&wait=10m');
      await eventually(() => agent.store.pendingWaits === 1);
      const fired = JSON.parse((await agent.fire('deploy')).body) as ConsulEvent;
      expect(eventsOf(await blocked).map((event) => event.ID)).toEqual([fired.ID]);
    });

    it('answers 200 to "_rexec" but never lists it', async () => {
      expect((await agent.fire('_rexec')).status).toBe(200);
      expect((await agent.list()).body).toBe('[]');
    });
  });
}
