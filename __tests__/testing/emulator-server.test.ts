import { createServer, type AddressInfo } from 'node:net';
import { startConsulEmulator, type ConsulEmulator } from '../../src/testing';
import { eventually } from '../helpers/eventually';
import { get } from './node-get';

let emulator: ConsulEmulator;
afterEach(() => emulator.close());

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('startConsulEmulator(options)', () => {
  it('listens on 127.0.0.1 on a free port by default and says where', async () => {
    emulator = await startConsulEmulator();
    expect(emulator.url).toBe(`http://127.0.0.1:${emulator.port}`);
    expect(emulator.port).toBeGreaterThan(0);
    expect((await fetch(`${emulator.url}/v1/event/list`)).status).toBe(200);
  });

  it('listens on the given port', async () => {
    const port = await freePort();
    emulator = await startConsulEmulator({ port });
    expect(emulator.port).toBe(port);
  });

  it('passes the agent options to its store', async () => {
    emulator = await startConsulEmulator({ nodeName: 'web-1', bufferSize: 1 });
    emulator.fire('a', null, { node: '^web' });
    emulator.fire('b', null, { node: '^db' });
    emulator.fire('c');
    expect(emulator.store.list().events.map((event) => event.Name)).toEqual(['c']);
  });

  it('answers other paths with Consul’s 404 texts, one for /v1/ paths and one for the rest', async () => {
    emulator = await startConsulEmulator();
    const answer = await fetch(`${emulator.url}/v1/kv/deploy`);
    expect([answer.status, await answer.text()]).toEqual([404, 'Invalid URL path: not a recognized HTTP API endpoint\n']);
    const outside = await fetch(`${emulator.url}/event/list`);
    expect([outside.status, await outside.text()]).toEqual([404, "Invalid URL path: if attempting to use the HTTP API, ensure the path starts with '/v1/'\n"]);
    expect(outside.headers.get('Vary')).toBeNull();
  });

  it('ignores a chunked fire body, as the agent reads only a body with a length', async () => {
    emulator = await startConsulEmulator();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('lost'));
        controller.close();
      },
    });
    const answer = await fetch(`${emulator.url}/v1/event/fire/deploy`, { method: 'PUT', body, duplex: 'half' } as RequestInit);
    expect(await answer.json()).toMatchObject({ Payload: null });
  });

  it('resets the connection for a reset fault (ECONNRESET)', async () => {
    emulator = await startConsulEmulator();
    emulator.injectFault({ kind: 'reset' });
    await expect(get(`${emulator.url}/v1/event/list`)).rejects.toMatchObject({ code: 'ECONNRESET' });
  });
});

describe('emulator.openListRequests', () => {
  it('counts list requests in flight, and forgets them once answered', async () => {
    emulator = await startConsulEmulator();
    const blocked = fetch(`${emulator.url}/v1/event/list?index=1&wait=10m`);
    await eventually(() => emulator.openListRequests === 1);
    await fetch(`${emulator.url}/v1/event/fire/deploy`, { method: 'PUT' });
    await blocked;
    await eventually(() => emulator.openListRequests === 0);
  });

  it('forgets a request when the client hangs up, and removes its blocked query and timer', async () => {
    emulator = await startConsulEmulator();
    const controller = new AbortController();
    const blocked = fetch(`${emulator.url}/v1/event/list?index=1&wait=10m`, { signal: controller.signal });
    await eventually(() => emulator.openListRequests === 1 && emulator.store.pendingWaits === 1);
    controller.abort();
    await expect(blocked).rejects.toMatchObject({ name: 'AbortError' });
    await eventually(() => emulator.openListRequests === 0 && emulator.store.pendingWaits === 0);
  });

  it('forgets a hung request when the client hangs up', async () => {
    emulator = await startConsulEmulator();
    emulator.injectFault({ kind: 'hang' });
    const controller = new AbortController();
    const hung = fetch(`${emulator.url}/v1/event/list`, { signal: controller.signal });
    await eventually(() => emulator.openListRequests === 1);
    controller.abort();
    await expect(hung).rejects.toMatchObject({ name: 'AbortError' });
    await eventually(() => emulator.openListRequests === 0);
  });
});

describe('emulator.restart()', () => {
  it('drops every open connection and empties the buffer, then serves again', async () => {
    emulator = await startConsulEmulator();
    emulator.fire('deploy');
    const blocked = get(`${emulator.url}/v1/event/list?index=1&name=none&wait=10m`);
    await eventually(() => emulator.store.pendingWaits === 1);
    emulator.restart();
    await expect(blocked).rejects.toMatchObject({ code: 'ECONNRESET' });
    const answer = await fetch(`${emulator.url}/v1/event/list`);
    expect([answer.headers.get('X-Consul-Index'), await answer.text()]).toEqual(['1', '[]']);
  });
});

describe('emulator.close()', () => {
  it('drops open requests, stops listening and leaves nothing blocked', async () => {
    emulator = await startConsulEmulator();
    emulator.injectFault({ kind: 'hang' }, { route: 'fire' });
    const blocked = get(`${emulator.url}/v1/event/list?index=1&wait=10m`);
    const hung = fetch(`${emulator.url}/v1/event/fire/deploy`, { method: 'PUT' });
    await eventually(() => emulator.store.pendingWaits === 1 && emulator.openListRequests === 1);
    await emulator.close();
    await expect(blocked).rejects.toMatchObject({ code: 'ECONNRESET' });
    // fetch (undici) fails with its TypeError; the socket's own error, the cause, depends on
    // whether it was writing (ECONNRESET) or reading (UND_ERR_SOCKET, "other side closed").
    const hungFailure = (await hung.catch((error: unknown) => error)) as Error & { cause?: { code?: string } };
    expect([hungFailure.name, hungFailure.message]).toEqual(['TypeError', 'fetch failed']);
    expect(['ECONNRESET', 'UND_ERR_SOCKET']).toContain(hungFailure.cause?.code);
    expect([emulator.store.pendingWaits, emulator.openListRequests]).toEqual([0, 0]);
    await expect(get(`${emulator.url}/v1/event/list`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
