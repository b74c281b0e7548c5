import { eventually } from '../helpers/eventually';
import { indexOfEventId } from '../../src/consul/consul-index';
import { eventsOf, indexOf, useDoor, type OpenDoor } from './door-harness';

/** ACL tokens on both endpoints: unknown tokens, silent filtering, write permission. */
export function describeAclTokens(openDoor: OpenDoor): void {
  describe('ACL tokens', () => {
    const agent = useDoor(openDoor);

    beforeEach(() =>
      agent.reopen({
        acl: {
          tokens: { reader: { read: ['deploy'] }, writer: { write: ['deploy'] }, root: { read: '*', write: '*' } },
        },
      }),
    );
    const as = (token: string): RequestInit => ({ headers: { 'X-Consul-Token': token } });

    it('answers 403 "ACL not found" to a list with an unknown token', async () => {
      expect(await agent.list('', as('nope'))).toMatchObject({ status: 403, body: 'ACL not found' });
    });

    it('drops unreadable events silently and says so in X-Consul-Results-Filtered-By-ACLs', async () => {
      const deploy = agent.store.fire('deploy');
      agent.store.fire('secret');
      const answer = await agent.list('', as('reader'));
      expect(eventsOf(answer).map((event) => event.ID)).toEqual([deploy.ID]);
      expect(indexOf(answer)).toBe(indexOfEventId(deploy.ID));
      expect(answer.headers.get('X-Consul-Results-Filtered-By-ACLs')).toBe('true');
    });

    it('sends no filtered header when nothing was dropped, nor to a request without a token', async () => {
      agent.store.fire('deploy');
      agent.store.fire('secret');
      expect((await agent.list('?name=deploy', as('reader'))).headers.get('X-Consul-Results-Filtered-By-ACLs')).toBeNull();
      const anonymous = await agent.list();
      expect([anonymous.status, anonymous.body, anonymous.headers.get('X-Consul-Results-Filtered-By-ACLs')]).toEqual([200, '[]', null]);
    });

    it('accepts the token as Authorization: Bearer and as the deprecated ?token=', async () => {
      agent.store.fire('deploy');
      expect(eventsOf(await agent.list('', { headers: { Authorization: 'Bearer reader' } }))).toHaveLength(1);
      expect(eventsOf(await agent.list('?token=reader'))).toHaveLength(1);
    });

    it('blocks on the index of the readable list: unreadable events do not answer it', async () => {
      const blocked = agent.list('?index=1&wait=10m', as('reader'));
      await eventually(() => agent.store.pendingWaits === 1);
      const secret = agent.store.fire('secret');
      // A later request through the same door, answered with the secret event, comes after
      // any wake-up the secret could have caused; had it answered the blocked query, that
      // answer (no readable event) would be the one `blocked` resolves with below.
      expect(eventsOf(await agent.list('', as('root'))).map((event) => event.ID)).toEqual([secret.ID]);
      expect(agent.store.pendingWaits).toBe(1);
      const fired = agent.store.fire('deploy');
      expect(eventsOf(await blocked).map((event) => event.ID)).toEqual([fired.ID]);
    });

    it('answers a fire with an unknown token 500 "ACL not found"', async () => {
      expect(await agent.fire('deploy', as('nope'))).toMatchObject({ status: 500, body: 'ACL not found' });
    });

    it('answers a fire without write permission 403 "Permission denied", and stores nothing', async () => {
      expect(await agent.fire('deploy', as('reader'))).toMatchObject({ status: 403, body: 'Permission denied' });
      expect(await agent.fire('other', as('writer'))).toMatchObject({ status: 403, body: 'Permission denied' });
      expect(agent.store.list().events).toEqual([]);
    });

    it('fires with write permission', async () => {
      expect((await agent.fire('deploy-web', as('writer'))).status).toBe(200);
      expect((await agent.fire('anything', as('root'))).status).toBe(200);
    });

    it('lets any token do anything on an agent without ACLs', async () => {
      await agent.reopen();
      expect((await agent.fire('deploy', as('whatever'))).status).toBe(200);
      expect(eventsOf(await agent.list('', as('whatever')))).toHaveLength(1);
    });
  
    it('sends the agent’s default policy on every answer: deny for the shorthand, allow without ACLs', async () => {
      expect((await agent.list('', as('reader'))).headers.get('X-Consul-Default-ACL-Policy')).toBe('deny');
      expect((await agent.fire('deploy', { method: 'POST' })).headers.get('X-Consul-Default-ACL-Policy')).toBe('deny');
      await agent.reopen();
      expect((await agent.list()).headers.get('X-Consul-Default-ACL-Policy')).toBe('allow');
    });
  });

  describe('ACLs in Consul’s own terms', () => {
    const agent = useDoor(openDoor);
    const as = (token: string): RequestInit => ({ headers: { 'X-Consul-Token': token } });
    const policies = {
      'read-deploy': 'event "deploy" { policy = "read" }\nevent_prefix "" { policy = "deny" }',
      'fire-ci': 'event_prefix "ci-" { policy = "write" }',
    };

    it('applies exact and prefix rules, the most specific winning, and the default policy elsewhere', async () => {
      await agent.reopen({ acl: { default_policy: 'allow', policies, tokens: { reader: ['read-deploy'], ci: ['fire-ci'] } } });
      const deploy = agent.store.fire('deploy');
      agent.store.fire('deploy-web');
      const answer = await agent.list('', as('reader'));
      expect(eventsOf(answer).map((event) => event.ID)).toEqual([deploy.ID]);
      expect(answer.headers.get('X-Consul-Results-Filtered-By-ACLs')).toBe('true');
      expect(answer.headers.get('X-Consul-Default-ACL-Policy')).toBe('allow');
      expect((await agent.fire('ci-build', as('ci'))).status).toBe(200);
      expect((await agent.fire('anything', as('ci'))).status).toBe(200); // default policy allow
      expect(await agent.fire('deploy', as('reader'))).toMatchObject({ status: 403, body: 'Permission denied' });
      expect(await agent.list('', as('nope'))).toMatchObject({ status: 403, body: 'ACL not found' });
    });

    it('answers a request without a token as the agent’s default token, filtered header included', async () => {
      await agent.reopen({ acl: { default_policy: 'deny', policies, tokens: { reader: ['read-deploy'] }, default_token: 'reader' } });
      const deploy = agent.store.fire('deploy');
      agent.store.fire('secret');
      const answer = await agent.list();
      expect(eventsOf(answer).map((event) => event.ID)).toEqual([deploy.ID]);
      expect(answer.headers.get('X-Consul-Results-Filtered-By-ACLs')).toBe('true');
      expect(answer.headers.get('X-Consul-Default-ACL-Policy')).toBe('deny');
    });

    it('answers a request without a token, and no default token, as the anonymous token', async () => {
      await agent.reopen({ acl: { default_policy: 'deny', policies, tokens: { anonymous: ['fire-ci'] } } });
      agent.store.fire('ci-build');
      agent.store.fire('deploy');
      const anonymous = await agent.list();
      expect([eventsOf(anonymous).map((event) => event.Name), anonymous.headers.get('X-Consul-Results-Filtered-By-ACLs')]).toEqual([['ci-build'], null]);
      expect((await agent.fire('deploy')).status).toBe(403);
    });
  });
}

