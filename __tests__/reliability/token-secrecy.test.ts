import { mkdtempSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consulEvents$, createEventWatcher, fireEvent, type ConsulEventsOptions } from '../../src';
import { startHostileAgent, type HostileAgent } from './helpers/hostile-agent';
import { everythingSaid, whereItLeaks } from './helpers/secrets';
import { watchUntil, type WatchResult } from './helpers/watch';
import { eventually } from '../helpers/eventually';

const TOKEN = 'c0ffee00-5ec2-4e7a-9ead-beefcafe0001';

/** A proxy that echoes the request headers (the token among them) in every kind of answer, then refuses with 403. */
function echoingAnswers(agent: HostileAgent) {
  const echo = (req: IncomingMessage) => `request headers: ${JSON.stringify(req.headers)}`;
  const answers: Array<(req: IncomingMessage, res: ServerResponse) => void> = [
    (req, res) => res.writeHead(500).end(echo(req)),
    (req, res) => res.writeHead(429, { 'Retry-After': '0' }).end(echo(req)),
    (req, res) => res.writeHead(200, { 'X-Consul-Index': '1' }).end(`<html>${echo(req)}</html>`),
    (req, res) => res.writeHead(200, { 'X-Consul-Index': String(req.headers['x-consul-token']) }).end('[]'),
    (_req, res) => res.socket?.resetAndDestroy(),
    (req, res) => res.writeHead(403).end(`ACL not found; ${echo(req)}`),
  ];
  agent.respond = (req, res) => answers[Math.min(agent.requests.length - 1, answers.length - 1)]!(req, res);
}

/** Every message the stream produced: statuses (with their errors), and the error it ended with. */
const everything = (result: WatchResult): Record<string, unknown> => ({
  ...Object.fromEntries(result.statuses.map((status, i) => [`status ${i} (${status.type})`, status])),
  'final error': result.error,
});

let agent: HostileAgent;
let thief: HostileAgent;
beforeEach(async () => {
  [agent, thief] = await Promise.all([startHostileAgent(), startHostileAgent()]);
});
afterEach(() => Promise.all([agent.close(), thief.close()]));

describe('the ACL token never leaves the X-Consul-Token header', () => {
  const sources: Array<[string, () => ConsulEventsOptions]> = [
    ['options.token', () => ({ token: TOKEN })],
    ['CONSUL_HTTP_TOKEN', () => ((process.env.CONSUL_HTTP_TOKEN = TOKEN), {})],
    ['CONSUL_HTTP_TOKEN_FILE', () => {
      const file = join(mkdtempSync(join(tmpdir(), 'rx-consul-token-')), 'token');
      writeFileSync(file, `${TOKEN}\n`);
      process.env.CONSUL_HTTP_TOKEN_FILE = file;
      return {};
    }],
  ];
  afterEach(() => {
    delete process.env.CONSUL_HTTP_TOKEN;
    delete process.env.CONSUL_HTTP_TOKEN_FILE;
  });

  it.each(sources)('from %s: not in any URL, status, retry error or final error, even when the agent echoes it back', async (_, options) => {
    echoingAnswers(agent);
    const result = await watchUntil(agent.port, (r) => r.error !== undefined, 'deploy', options());
    expect(agent.requests.every((request) => request.headers['x-consul-token'] === TOKEN)).toBe(true);
    expect(agent.requests.map((request) => request.url).join(' ')).not.toContain(TOKEN);
    expect(result.statuses.filter((s) => s.type === 'retry')).toHaveLength(5);
    expect(whereItLeaks(TOKEN, everything(result))).toEqual([]);
    expect((result.error as Error).message).toMatch(/403 .*ACL not found; request headers: .*\[redacted\]/);
  });

  it('not in what fireEvent rejects with, whatever the agent answers', async () => {
    echoingAnswers(agent);
    const failures: Record<string, unknown> = {};
    for (let i = 0; i < 6; i++) {
      failures[`fire ${i}`] = await fireEvent('deploy', 'x', { port: agent.port, token: TOKEN }).then(() => 'resolved', (error: unknown) => error);
    }
    expect(agent.requests.map((request) => request.url).join(' ')).not.toContain(TOKEN);
    expect(whereItLeaks(TOKEN, failures)).toEqual([]);
  });

  it('is never carried to another host by a redirect', async () => {
    const redirect = (_req: IncomingMessage, res: ServerResponse) =>
      res.writeHead(307, { Location: `http://127.0.0.1:${thief.port}/v1/event/list` }).end();
    agent.respond = redirect;
    const watch = await watchUntil(agent.port, (r) => r.error !== undefined, 'deploy', { token: TOKEN });
    const fire = await fireEvent('deploy', 'x', { port: agent.port, token: TOKEN }).catch((error: unknown) => error);
    expect((watch.error as Error).message).toMatch(/Consul answered 307/);
    expect((fire as Error).message).toMatch(/Consul answered 307/);
    expect(thief.requests).toEqual([]);
    expect(whereItLeaks(TOKEN, { watch: watch.error, fire })).toEqual([]);
  });

  it("not in createEventWatcher's default warning line", async () => {
    agent.respond = (req, res) => res.writeHead(403).end(`denied: ${JSON.stringify(req.headers)}`);
    const lines: string[] = [];
    const warn = jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => { lines.push(args.join(' ')); });
    try {
      const subscription = createEventWatcher({ port: agent.port, token: TOKEN }).watch('deploy', () => {});
      await eventually(() => lines.length > 0);
      subscription.unsubscribe();
    } finally {
      warn.mockRestore();
    }
    expect(lines).toEqual([expect.stringMatching(/^rx-consul-events: watch stopped: ConsulHttpError: Consul answered 403 .*\[redacted\]/)]);
    expect(lines.join('\n')).not.toContain(TOKEN);
  });

  it('not in the errors of options it refuses (the value is redacted)', async () => {
    const attempts: Record<string, () => unknown> = {
      'multi-line': () => consulEvents$('deploy', { token: `${TOKEN}\n` }),
      'not a string': () => consulEvents$('deploy', { token: [TOKEN] as unknown as string }),
      'fire, multi-line': () => fireEvent('deploy', 'x', { token: `${TOKEN}\r` }),
    };
    const errors: Record<string, unknown> = {};
    for (const [label, attempt] of Object.entries(attempts)) {
      errors[label] = await Promise.resolve().then(attempt).then(() => 'accepted', (error: unknown) => error);
    }
    expect(Object.values(errors).every((error) => error instanceof TypeError)).toBe(true);
    expect(everythingSaid(errors['multi-line'])).toMatch(/value redacted/);
    expect(whereItLeaks(TOKEN, errors)).toEqual([]);
  });
});
