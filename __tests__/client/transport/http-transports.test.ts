import type { AxiosStatic } from 'axios' with { 'resolution-mode': 'import' };
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { ServerResponse } from 'node:http';
import { ConsulError, ConsulNetworkError, ConsulResponseError, ConsulTimeoutError } from '../../../src';
import { createAxiosHttpClient } from '../../../src/client/transport/axios-http-client';
import { sendRequest, type ConsulHttpClient, type HttpAnswer } from '../../../src/client/transport/http-client';
import { toConsulError } from '../../../src/client/transport/to-consul-error';
import { createNodeHttpClient } from '../../../src/client/transport/node-http-client';
import type { ConnectionConfig } from '../../../src/client/transport/connection-config';
import { eventually } from '../../helpers/eventually';
import { startHostileAgent, trickledAnswer, type HostileAgent } from '../../reliability/helpers/hostile-agent';

const TOKEN = 'b7e1c2d4-token-secret';

const connectionTo = (port: number): ConnectionConfig => ({
  origin: `http://127.0.0.1:${port}`, host: '127.0.0.1', port, scheme: 'http', token: TOKEN, tls: { rejectUnauthorized: true },
});

/**
 * Counts the timers set through the global `setTimeout` from now on that have neither
 * fired nor been cleared; `restore()` puts the real functions back.
 */
function pendingTimers(): { readonly size: number; restore(): void } {
  const pending = new Set<unknown>();
  const realSet = globalThis.setTimeout;
  const realClear = globalThis.clearTimeout;
  const set = jest.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const handle = realSet(() => {
      pending.delete(handle);
      callback(...args);
    }, ms);
    pending.add(handle);
    return handle;
  }) as typeof setTimeout);
  const clear = jest.spyOn(globalThis, 'clearTimeout').mockImplementation((handle) => {
    pending.delete(handle);
    realClear(handle);
  });
  return {
    get size() {
      return pending.size;
    },
    restore() {
      set.mockRestore();
      clear.mockRestore();
    },
  };
}

/**
 * axios as the transport loads it in browsers. Jest cannot run the transport's own dynamic
 * `import('axios')` without --experimental-vm-modules, so it gets the module from require;
 * the browser test (`npm run test:browser`) runs the real import.
 */
const axiosModule: AxiosStatic = require('axios');
const loadAxios = async () => axiosModule;

/** Both transports: node:http (Node) and axios (browsers), held to one contract. */
const transports: [string, (connection: ConnectionConfig) => ConsulHttpClient][] = [
  ['node:http', (connection) => createNodeHttpClient(connection, process.getBuiltinModule)],
  ['axios', (connection) => createAxiosHttpClient(connection, loadAxios)],
];

describe.each(transports)('the %s transport', (_, create) => {
  let agent: HostileAgent;
  let client: ConsulHttpClient;
  beforeEach(async () => {
    agent = await startHostileAgent();
    client = create(connectionTo(agent.port));
  });
  afterEach(async () => {
    client.close();
    await agent.close();
  });

  const get = (path = '/v1/event/list?wait=1s', timeoutMs = 5_000): Promise<HttpAnswer> =>
    sendRequest(client, 'GET', path, { timeoutMs });

  it('sends the token only in X-Consul-Token, asks for JSON, and gives status, body and headers back', async () => {
    agent.respond = (_req, res) => {
      res.setHeader('X-Consul-Index', '42');
      res.setHeader('X-Multi', ['a', 'b']);
      res.writeHead(200).end('[]');
    };
    const answer = await get('/v1/event/list?name=deploy&wait=1s');
    const [request] = agent.requests;
    expect(request!.url).toBe('/v1/event/list?name=deploy&wait=1s');
    expect(request!.headers['x-consul-token']).toBe(TOKEN);
    expect(request!.headers.accept).toBe('application/json');
    expect(answer.status).toBe(200);
    expect(answer.body).toBe('[]');
    expect(answer.header('x-consul-index')).toBe('42');
    expect(answer.header('x-multi')).toBe('a, b');
    expect(answer.header('x-absent')).toBeUndefined();
  });

  it('redacts the token from the body of an error status', async () => {
    agent.respond = (req, res) => res.writeHead(502).end(`bad gateway for token ${req.headers['x-consul-token']}`);
    const answer = await get();
    expect(answer.status).toBe(502);
    expect(answer.body).toBe('bad gateway for token [redacted]');
  });

  it('does not follow a redirect: the 307 is the answer, and its location is never asked', async () => {
    agent.respond = (_req, res) => res.writeHead(307, { Location: `http://127.0.0.1:${agent.port}/steal` }).end();
    const answer = await get();
    expect(answer.status).toBe(307);
    expect(agent.requests.map((request) => request.url)).toEqual(['/v1/event/list?wait=1s']);
  });

  it('sends a PUT body as octet-stream', async () => {
    agent.respond = (_req, res) => res.writeHead(200).end('{}');
    const answer = await sendRequest(client, 'PUT', '/v1/event/fire/deploy', { timeoutMs: 5_000, body: new TextEncoder().encode('v1.2.3') });
    const [request] = agent.requests;
    expect(answer.status).toBe(200);
    expect(request!.method).toBe('PUT');
    expect(request!.headers['content-type']).toBe('application/octet-stream');
    expect(request!.headers['content-length']).toBe('6');
  });

  it('fails with a ConsulTimeoutError when no answer comes within timeoutMs', async () => {
    agent.respond = () => {};
    const failure = await get('/v1/event/list?wait=1s', 50).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConsulTimeoutError);
    expect((failure as ConsulError).transient).toBe(true);
  });

  it('fails with a ConsulTimeoutError at the deadline even while the body keeps trickling in', async () => {
    const body = JSON.stringify([{ ID: 'x'.repeat(100) }]);
    agent.respond = trickledAnswer(`HTTP/1.1 200 OK\r\nX-Consul-Index: 1\r\nContent-Length: ${body.length}\r\n\r\n`, body, 20);
    const failure = await get('/v1/event/list?wait=1s', 100).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConsulTimeoutError);
    expect((failure as Error).message).toBe('Consul did not answer GET /v1/event/list?wait=1s within 100 ms');
  });

  it('leaves no timer behind once a request is answered, has failed or is cancelled', async () => {
    const timers = pendingTimers();
    try {
      await get();
      expect(timers.size).toBe(0);
      agent.respond = (_req, res) => res.socket?.destroy();
      await get().catch(() => undefined);
      expect(timers.size).toBe(0);
      agent.respond = () => {};
      const cancel = client.send('GET', '/v1/event/list?wait=60s', { timeoutMs: 70_000 }, () => {});
      expect(timers.size).toBe(1);
      cancel();
      expect(timers.size).toBe(0);
    } finally {
      timers.restore();
    }
  });

  it('refuses a body over 8 MB', async () => {
    agent.respond = (_req, res) => res.writeHead(200, { 'X-Consul-Index': '1' }).end(Buffer.alloc(9 * 1024 * 1024, 0x20));
    const failure = await get().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConsulResponseError);
    expect((failure as Error).message).toMatch(/the body is larger than 8388608 bytes/);
  });

  it('fails with a transient ConsulNetworkError when nothing listens', async () => {
    const port = agent.port;
    await agent.close();
    const lonely = create(connectionTo(port));
    const failure = await sendRequest(lonely, 'GET', '/v1/event/list?wait=1s', { timeoutMs: 5_000 }).catch((error: unknown) => error);
    lonely.close();
    expect(failure).toBeInstanceOf(ConsulNetworkError);
    expect((failure as ConsulError).transient).toBe(true);
  });

  it('cancelling closes the request at the server, and the callback is never called', async () => {
    let closed!: () => void;
    const serverSawClose = new Promise<void>((resolve) => (closed = resolve));
    const answerAtOnce = agent.respond;
    agent.respond = (_req, res: ServerResponse) => res.once('close', closed);
    const done = jest.fn();
    const cancel = client.send('GET', '/v1/event/list?wait=60s', { timeoutMs: 70_000 }, done);
    await eventually(() => agent.requests.length > 0);
    cancel();
    await serverSawClose;
    // The cancelled request's own failure (its socket closed, the abort) is queued by the
    // time the server sees the close; a later request through the same client, answered,
    // comes after it: had the transport reported the cancel, `done` would have run by then.
    agent.respond = answerAtOnce;
    expect((await get()).status).toBe(200);
    expect(done).not.toHaveBeenCalled();
  });

  it('sends a request made from the previous answer\'s callback (the next long-poll) on the same connection', async () => {
    await new Promise<void>((resolve, reject) => {
      let left = 5;
      const next = (): void => {
        client.send('GET', '/v1/event/list?wait=1s', { timeoutMs: 5_000 }, (error) => {
          if (error !== undefined) reject(error);
          else if (--left === 0) resolve();
          else next();
        });
      };
      next();
    });
    expect(new Set(agent.requests.map((request) => request.remotePort)).size).toBe(1);
  });

  it('a request cancelled as soon as it is sent never reaches the agent', async () => {
    const done = jest.fn();
    client.send('GET', '/v1/event/list?name=cancelled&wait=60s', { timeoutMs: 70_000 }, done)();
    await get('/v1/event/list?name=answered&wait=1s');
    expect(agent.requests.map((request) => request.url)).toEqual(['/v1/event/list?name=answered&wait=1s']);
    expect(done).not.toHaveBeenCalled();
  });

  it('an aborted signal rejects sendRequest with its reason', async () => {
    agent.respond = () => {};
    const abort = new AbortController();
    const pending = sendRequest(client, 'GET', '/v1/event/list?wait=60s', { timeoutMs: 70_000, signal: abort.signal });
    abort.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
  });
});

describe('the node:http transport', () => {
  it('reuses one keep-alive connection across requests, and close() ends it', async () => {
    const agent = await startHostileAgent();
    const client = createNodeHttpClient(connectionTo(agent.port), process.getBuiltinModule);
    const ports = new Set<number | undefined>();
    agent.respond = (req, res) => {
      ports.add(req.socket.remotePort);
      res.writeHead(200, { 'X-Consul-Index': '1' }).end('[]');
    };
    for (let i = 0; i < 3; i++) await sendRequest(client, 'GET', '/v1/event/list?wait=1s', { timeoutMs: 5_000 });
    let socketClosed!: () => void;
    const closedAtServer = new Promise<void>((resolve) => (socketClosed = resolve));
    agent.respond = (req, res) => {
      req.socket.once('close', socketClosed);
      res.writeHead(200, { 'X-Consul-Index': '1' }).end('[]');
    };
    await sendRequest(client, 'GET', '/v1/event/list?wait=1s', { timeoutMs: 5_000 });
    client.close();
    await closedAtServer;
    await agent.close();
    expect(ports.size).toBe(1);
  });

  it('fails with a non-transient ConsulError for a request Node cannot form (options refuse such tokens earlier), without the token', async () => {
    const badToken = 'b7e1c2d4-\u0001-secret';
    const agent = await startHostileAgent();
    const misconfigured = createNodeHttpClient({ ...connectionTo(agent.port), token: badToken }, process.getBuiltinModule);
    const failure = await sendRequest(misconfigured, 'GET', '/v1/event/list?wait=1s', { timeoutMs: 5_000 }).catch((error: unknown) => error);
    misconfigured.close();
    expect(failure).toBeInstanceOf(ConsulError);
    expect((failure as ConsulError).transient).toBe(false);
    expect((failure as Error).message).toMatch(/^Cannot send GET \/v1\/event\/list\?wait=1s to Consul/);
    expect((failure as Error).message).not.toContain('secret');
    expect(agent.requests).toEqual([]);
    await agent.close();
  });

  it('closes the connection of an answer it refuses (none is left half-read until close())', async () => {
    const agent = await startHostileAgent();
    const client = createNodeHttpClient(connectionTo(agent.port), process.getBuiltinModule);
    let closedAtServer = false;
    agent.respond = (req, res) => {
      req.socket.once('close', () => (closedAtServer = true));
      res.writeHead(200, { 'X-Consul-Index': '1', 'Content-Encoding': 'gzip' }).write(Buffer.alloc(64 * 1024));
    };
    const failure = await sendRequest(client, 'GET', '/v1/event/list?wait=1s', { timeoutMs: 5_000 }).catch((error: unknown) => error);
    await eventually(() => closedAtServer, { limitMs: 2_000 }).finally(() => client.close());
    await agent.close();
    expect(failure).toBeInstanceOf(ConsulResponseError);
  });

  it('reports a connection cut mid-answer as a transient network error', async () => {
    const agent = await startHostileAgent();
    const client = createNodeHttpClient(connectionTo(agent.port), process.getBuiltinModule);
    agent.respond = (_req, res) => {
      res.writeHead(200, { 'X-Consul-Index': '1', 'Content-Length': '100' });
      res.write('[{"ID":');
      setTimeout(() => res.socket?.destroy(), 10);
    };
    const failure = await sendRequest(client, 'GET', '/v1/event/list?wait=1s', { timeoutMs: 5_000 }).catch((error: unknown) => error);
    client.close();
    await agent.close();
    expect(failure).toBeInstanceOf(ConsulNetworkError);
    expect((failure as ConsulError).transient).toBe(true);
  });
});

describe('the axios transport', () => {
  it('loads axios on the first request, not before, and tries again after a failed load', async () => {
    const agent = await startHostileAgent();
    const load = jest.fn<Promise<AxiosStatic>, []>()
      .mockRejectedValueOnce(Object.assign(new Error('Loading chunk 17 failed'), { name: 'ChunkLoadError' }))
      .mockResolvedValue(axiosModule);
    const client = createAxiosHttpClient(connectionTo(agent.port), load);
    try {
      expect(load).not.toHaveBeenCalled();
      const failure = await sendRequest(client, 'GET', '/v1/event/list?wait=1s', { timeoutMs: 5_000 }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ConsulNetworkError);
      expect((failure as Error).message).toBe('Could not reach Consul for GET /v1/event/list?wait=1s: Loading chunk 17 failed');
      const answers = await Promise.all([1, 2].map(() => sendRequest(client, 'GET', '/v1/event/list?wait=1s', { timeoutMs: 5_000 })));
      expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
      expect(load).toHaveBeenCalledTimes(2);
    } finally {
      client.close();
      await agent.close();
    }
  });
});

describe('the node:http transport under MSW (whose sockets close before the answer is read out)', () => {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  it("reads a complete answer whose connection closed first, as Consul's connection-limit 429 (Connection: close)", async () => {
    const body = 'Your IP is issuing too many concurrent connections, please rate limit your calls\n';
    server.use(http.get('http://127.0.0.1:8500/v1/event/list', () => new HttpResponse(body, { status: 429, headers: { Connection: 'close' } })));
    const client = createNodeHttpClient(connectionTo(8500), process.getBuiltinModule);
    const answer = await sendRequest(client, 'GET', '/v1/event/list?wait=1s', { timeoutMs: 5_000 }).finally(() => client.close());
    expect([answer.status, answer.body]).toEqual([429, body]);
  });
});

describe('toConsulError', () => {
  it('reports a socket that timed out while connecting as unreachable, not as an agent that did not answer', () => {
    const error = toConsulError(Object.assign(new Error('connect ETIMEDOUT 10.0.0.1:8500'), { code: 'ETIMEDOUT' }), 'GET /v1/event/list');
    expect(error).toBeInstanceOf(ConsulNetworkError);
    expect(error.message).toBe('Could not reach Consul for GET /v1/event/list: connect ETIMEDOUT 10.0.0.1:8500');
    expect(error.transient).toBe(true);
  });
});
