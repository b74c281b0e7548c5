import { eventsOf, useDoor, type OpenDoor } from './door-harness';

const UUID_LAYOUT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What the agent's HTTP layer does around the event endpoints (agent/http.go, gziphandler, Go's mux). */
export function describeAgentHttp(openDoor: OpenDoor): void {
  describe('the agent’s HTTP layer', () => {
    const agent = useDoor(openDoor);
    const gzip: RequestInit = { headers: { 'Accept-Encoding': 'gzip' } };

    it('gzips an answer of 1,400 bytes or more for a client that accepts gzip, and says Vary: Accept-Encoding', async () => {
      for (let i = 0; i < 20; i += 1) agent.store.fire('deploy', `v${i}`);
      const large = await agent.list('', gzip);
      expect([large.headers.get('Content-Encoding'), large.headers.get('Vary')]).toEqual(['gzip', 'Accept-Encoding']);
      expect(eventsOf(large)).toHaveLength(20); // fetch decodes it
      const small = await agent.list('?name=none', gzip);
      expect([small.body, small.headers.get('Content-Encoding'), small.headers.get('Vary')]).toEqual(['[]', null, 'Accept-Encoding']);
    });

    it('does not gzip for a client that refuses it', async () => {
      for (let i = 0; i < 20; i += 1) agent.store.fire('deploy', `v${i}`);
      const refused = await agent.list('', { headers: { 'Accept-Encoding': 'gzip;q=0, identity' } });
      expect([refused.headers.get('Content-Encoding'), eventsOf(refused).length]).toEqual([null, 20]);
    });

    it('answers a query string Go cannot parse with 500 and an empty body, before anything else', async () => {
      for (const query of ['?name=a;b', '?name=%zz', '?index=abc&x=%4']) {
        const answer = await agent.list(query);
        expect([answer.status, answer.body, answer.headers.get('Content-Type')]).toEqual([500, '', null]);
      }
      expect((await agent.fire('deploy?node=a;b', { method: 'POST' })).status).toBe(500);
      expect(agent.store.list().events).toEqual([]);
    });

    it('redirects /v1/event/fire without a name to /v1/event/fire/ with 301, keeping the query', async () => {
      const answer = await agent.send('/v1/event/fire?dc=dc1', { method: 'PUT', redirect: 'manual' });
      expect([answer.status, answer.headers.get('Location'), answer.body]).toEqual([301, '/v1/event/fire/?dc=dc1', '']);
      expect(answer.headers.get('Vary')).toBeNull(); // Go's mux answers before the gzip handler
    });

    it('refuses an oversized fire with serf’s text behind "error broadcasting event: ", without a newline', async () => {
      expect(await agent.fire('deploy', { body: 'x'.repeat(600) })).toMatchObject({
        status: 500,
        body: 'error broadcasting event: user event exceeds configured limit of 512 bytes before encoding',
      });
      expect(await agent.fire('deploy', { body: 'x'.repeat(420) })).toMatchObject({
        status: 500,
        body: 'error broadcasting event: encoded user event exceeds configured limit of 512 bytes after encoding',
      });
    });

    it('makes event IDs of 128 random bits, not version-4 UUIDs', async () => {
      const ids = await Promise.all(Array.from({ length: 48 }, async () => JSON.parse((await agent.fire('deploy')).body).ID as string));
      expect(ids.every((id) => UUID_LAYOUT.test(id))).toBe(true);
      // A v4 UUID always has '4' there; 48 random IDs all having it is a 1-in-16^48 event.
      expect(new Set(ids.map((id) => id[14])).size).toBeGreaterThan(1);
    });
  });
}
