import { ConsulHttpError, type ConsulEventsStatus } from '../../src';
import { listAnswer, listedEvent, startHostileAgent } from './helpers/hostile-agent';
import { startRawAgent } from './helpers/raw-agent';
import { watchUntil } from './helpers/watch';

// Past `limits.http_max_conns_per_client` (default 200 per client IP) a Consul agent writes
// these exact bytes on a new connection as soon as it accepts it, then closes it
// (hashicorp/go-connlimit's 429 handler): no Retry-After, whatever the request was.
const LIMIT_TEXT = 'Your IP is issuing too many concurrent connections, please rate limit your calls\n';
const LIMIT_ANSWER = 'HTTP/1.1 429 Too Many Requests\r\nContent-Type: text/plain\r\n'
  + `Content-Length: ${LIMIT_TEXT.length}\r\nConnection: close\r\n\r\n${LIMIT_TEXT}`;

/** An agent over its connection limit for the first `refused` connections, then answering `list`. */
const agentOverItsLimit = (refused: number, list: string) => startRawAgent((n, socket) => {
  socket.resume(); // read what the client sends, so closing sends FIN, not RST
  if (n <= refused) return void socket.end(LIMIT_ANSWER);
  socket.once('data', () => socket.write(`HTTP/1.1 200 OK\r\nX-Consul-Index: 7\r\nContent-Length: ${list.length}\r\n\r\n${list}`));
});

describe("consulEvents$(name, { onStatus }) at the agent's connection limit", () => {
  it("reports Consul's connection-limit 429 as a 'connection-limit' status, not a 'retry', and keeps retrying with backoff", async () => {
    const event = listedEvent();
    const agent = await agentOverItsLimit(2, JSON.stringify([event]));
    try {
      const result = await watchUntil(agent.port, (r) => r.events.length === 1);
      const kinds = result.statuses.map((status) => status.type);
      expect(kinds).toEqual(['connection-limit', 'connection-limit', 'recovered']);
      const [first, second] = result.statuses as Extract<ConsulEventsStatus, { type: 'connection-limit' }>[];
      expect([first!.attempt, second!.attempt]).toEqual([1, 2]);
      expect(first!.delayMs).toBeGreaterThan(0);
      expect(first!.error).toBeInstanceOf(ConsulHttpError);
      expect(first!.error.status).toBe(429);
      expect(first!.error.body).toBe(LIMIT_TEXT.trim());
      expect(result.events.map((e) => e.ID)).toEqual([event['ID']]);
    } finally {
      await agent.close();
    }
  });

  it("keeps other 429s (a rate limiter's) as 'retry'", async () => {
    const event = listedEvent();
    const agent = await startHostileAgent();
    const answerWithTheEvent = listAnswer(JSON.stringify([event]), '7');
    agent.respond = (_req, res) => {
      agent.respond = (req, answer) => {
        agent.respond = () => {}; // later long-polls block, as at an agent: no fast re-polls to throttle
        answerWithTheEvent(req, answer);
      };
      res.writeHead(429, { 'Content-Type': 'text/plain' }).end('slow down');
    };
    try {
      const result = await watchUntil(agent.port, (r) => r.events.length === 1);
      expect(result.statuses.map((status) => status.type)).toEqual(['retry', 'recovered']);
    } finally {
      await agent.close();
    }
  });
});
