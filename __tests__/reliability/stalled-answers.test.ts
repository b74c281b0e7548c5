import * as net from 'node:net';
import { ConsulTimeoutError, fireEvent } from '../../src';
import { listedEvent, startHostileAgent, trickledAnswer, type HostileAgent } from './helpers/hostile-agent';
import { watchUntil } from './helpers/watch';

// The HTTP deadline covers the whole exchange (connect, TLS, headers, the complete body),
// measured from send: an agent or proxy that keeps the socket busy without ever finishing
// the answer cannot hold a request open past it. Each hostile answer below would complete
// (or fail differently) long after the deadline, so only a deadline for the whole answer
// ends the request with a ConsulTimeoutError.

const FIRED = JSON.stringify(listedEvent({ LTime: 0 }));
/** Status line and headers of a complete answer with `body`. */
const head = (body: string, extra = '') => `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Consul-Index: 7\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n`;

let agent: HostileAgent;
beforeEach(async () => {
  agent = await startHostileAgent();
});
afterEach(() => agent.close());

/** What `promise` rejected with (or `undefined` when it resolved). */
const failureOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

describe('fireEvent(name, payload, { timeout }): the deadline is for the whole answer', () => {
  it('rejects with a ConsulTimeoutError naming the deadline when the body trickles in a byte at a time', async () => {
    agent.respond = trickledAnswer(head(FIRED), FIRED, 20); // about 4 s for the whole body
    const failure = await failureOf(fireEvent('deploy', 'x', { port: agent.port, timeout: 0.2 }));
    expect(failure).toBeInstanceOf(ConsulTimeoutError);
    expect((failure as Error).message).toBe(`Consul did not answer PUT /v1/event/fire/deploy within 200 ms`);
  });

  it('rejects with a ConsulTimeoutError when the headers trickle in', async () => {
    const padded = head(FIRED, `X-Padding: ${'p'.repeat(150)}\r\n`);
    agent.respond = trickledAnswer('', padded + FIRED, 20);
    const failure = await failureOf(fireEvent('deploy', 'x', { port: agent.port, timeout: 0.2 }));
    expect(failure).toBeInstanceOf(ConsulTimeoutError);
    expect((failure as ConsulTimeoutError).timeoutMs).toBe(200);
  });

  it('rejects with a ConsulTimeoutError at the configured deadline when the TLS handshake stalls', async () => {
    // A TCP server that accepts and never speaks TLS; it drops the connection at 1.5 times
    // the deadline, so a client that waited longer than its deadline sees a reset instead.
    const stalled = net.createServer((socket) => {
      socket.on('data', () => {});
      const drop = setTimeout(() => socket.destroy(), 300);
      socket.once('close', () => clearTimeout(drop));
    });
    await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
    const { port } = stalled.address() as net.AddressInfo;
    try {
      const failure = await failureOf(fireEvent('deploy', 'x', { scheme: 'https', port, timeout: 0.2 }));
      expect(failure).toBeInstanceOf(ConsulTimeoutError);
      expect((failure as Error).message).toBe(`Consul did not answer PUT /v1/event/fire/deploy within 200 ms`);
    } finally {
      await new Promise((resolve) => stalled.close(resolve));
    }
  });
});

describe('consulEvents$(name): a list answer that never completes', () => {
  it('times out at the HTTP deadline (wait + margin), reports the retry, and delivers from the next answer', async () => {
    const event = listedEvent();
    const list = JSON.stringify([event]);
    const slow = trickledAnswer(head(list), list, 30); // about 6 s for the whole body
    agent.respond = (req, res) => {
      agent.respond = (_req, next) => next.writeHead(200, { 'X-Consul-Index': '7' }).end(list);
      slow(req);
      void res;
    };
    const result = await watchUntil(agent.port, (r) => r.events.length === 1, 'deploy', { timeout: 0.001 });
    const retries = result.statuses.flatMap((status) => (status.type === 'retry' ? [status.error] : []));
    expect(retries).toHaveLength(1);
    expect(retries[0]).toBeInstanceOf(ConsulTimeoutError);
    const { timeoutMs } = retries[0] as ConsulTimeoutError;
    expect(retries[0]!.message).toBe(`Consul did not answer GET /v1/event/list?wait=1ms within ${timeoutMs} ms`);
    expect(timeoutMs).toBeGreaterThan(1_000); // the wait plus a margin of at least a second
    expect(result.events.map((e) => e.ID)).toEqual([event['ID']]);
  });
});
