import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ConsulEventStore } from '../../src/testing';
import { consulEventHandlers } from '../../src/testing/msw';
import { eventually } from '../helpers/eventually';

/** Answers whatever the Consul handlers leave alone, so a test can see they did. */
const NOT_CONSUL = 599;
const server = setupServer(http.all('*', () => new HttpResponse(null, { status: NOT_CONSUL })));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let store: ConsulEventStore;
beforeEach(() => {
  store = new ConsulEventStore();
});
afterEach(() => store.close());

describe('consulEventHandlers(store)', () => {
  it('answers the event endpoints on any origin', async () => {
    server.use(...consulEventHandlers(store));
    for (const origin of ['http://127.0.0.1:8500', 'https://consul.example.com']) {
      expect((await fetch(`${origin}/v1/event/list`)).status).toBe(200);
    }
  });

  it('leaves other paths to other handlers', async () => {
    server.use(...consulEventHandlers(store));
    expect((await fetch('http://consul.test/v1/kv/deploy')).status).toBe(NOT_CONSUL);
    expect((await fetch('http://consul.test/v1/event/lists')).status).toBe(NOT_CONSUL);
  });

  it('drops a blocked request on store.close(), so the client is not left hanging', async () => {
    server.use(...consulEventHandlers(store));
    const blocked = fetch('http://consul.test/v1/event/list?index=1&wait=10m');
    await eventually(() => store.pendingWaits === 1);
    store.close();
    await expect(blocked).rejects.toMatchObject({ name: 'TypeError' });
    expect(store.pendingWaits).toBe(0);
  });

  it('drops a hung request on store.close()', async () => {
    server.use(...consulEventHandlers(store));
    store.injectFault({ kind: 'hang' });
    const hang = jest.spyOn(store, 'hang');
    const hung = fetch('http://consul.test/v1/event/list');
    await eventually(() => hang.mock.calls.length === 1, { what: 'the handler to hang the request' });
    store.close();
    await expect(hung).rejects.toMatchObject({ name: 'TypeError' });
  });

  it('ignores the body of a request marked Transfer-Encoding: chunked, as the agent does', async () => {
    server.use(...consulEventHandlers(store));
    const answer = await fetch('http://consul.test/v1/event/fire/deploy', {
      method: 'PUT',
      body: 'lost',
      headers: { 'Transfer-Encoding': 'chunked' },
    });
    expect(await answer.json()).toMatchObject({ Payload: null });
  });

  it('serves the same store as any other door over it', async () => {
    server.use(...consulEventHandlers(store));
    await fetch('http://consul.test/v1/event/fire/deploy', { method: 'PUT' });
    expect(store.list('deploy').events).toHaveLength(1);
  });
});

describe('consulEventHandlers(store, { baseUrl })', () => {
  it('answers only that origin, with or without a trailing slash', async () => {
    server.use(...consulEventHandlers(store, { baseUrl: 'http://consul.test:8500/' }));
    expect((await fetch('http://consul.test:8500/v1/event/list')).status).toBe(200);
    expect((await fetch('http://elsewhere.test:8500/v1/event/list')).status).toBe(NOT_CONSUL);
  });
});
