import type * as net from 'node:net';
import { ConsulNetworkError, fireEvent, type ConsulError } from '../../src';
import { listedEvent } from './helpers/hostile-agent';
import { startRawAgent } from './helpers/raw-agent';
import { watchUntil } from './helpers/watch';

// A connection that ends without a complete HTTP answer is a transient network failure:
// the stream retries it with backoff and fireEvent rejects, whatever the agent (or a proxy
// in front of it) wrote before. `101 Switching Protocols` is the case Node itself leaves
// unsettled: it takes the socket away from a request that has no upgrade handler.

const SWITCHING = 'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n';

/** A raw TCP agent: each request's connection gets `answer(n)` (n counts from 1). */
const rawAgent = (answer: (n: number, socket: net.Socket) => void) =>
  startRawAgent((n, socket) => socket.once('data', () => answer(n, socket)));

describe('an answer of 101 Switching Protocols', () => {
  it('makes fireEvent reject with a transient ConsulNetworkError', async () => {
    const agent = await rawAgent((_, socket) => socket.write(SWITCHING));
    try {
      const failure = await fireEvent('deploy', 'x', { port: agent.port, timeout: 5 }).then(() => undefined, (error: unknown) => error);
      expect(failure).toBeInstanceOf(ConsulNetworkError);
      expect((failure as ConsulError).transient).toBe(true);
      expect((failure as Error).message).toBe('Could not reach Consul for PUT /v1/event/fire/deploy: the connection closed before a complete answer');
    } finally {
      await agent.close();
    }
  });

  it('is retried by consulEvents$ as a network failure, and the next answer is delivered', async () => {
    const event = listedEvent();
    const list = JSON.stringify([event]);
    const agent = await rawAgent((n, socket) => {
      if (n === 1) socket.write(SWITCHING);
      else socket.write(`HTTP/1.1 200 OK\r\nX-Consul-Index: 7\r\nContent-Length: ${list.length}\r\n\r\n${list}`);
    });
    try {
      const result = await watchUntil(agent.port, (r) => r.events.length === 1, 'deploy', { timeout: 60 });
      const retries = result.statuses.flatMap((status) => (status.type === 'retry' ? [status.error] : []));
      expect(retries.map((error) => error.constructor)).toEqual([ConsulNetworkError]);
      expect(result.events.map((e) => e.ID)).toEqual([event['ID']]);
    } finally {
      await agent.close();
    }
  });
});
