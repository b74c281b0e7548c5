import type { ServerResponse } from 'node:http';
import { ConsulNetworkError, ConsulResponseError } from '../../src';
import { listedEvent, startHostileAgent, type HostileAgent } from './helpers/hostile-agent';
import { firstFailure, watchUntil, type WatchResult } from './helpers/watch';

let agent: HostileAgent;
beforeEach(async () => {
  agent = await startHostileAgent();
});
afterEach(() => agent.close());

const event = listedEvent();
/** Answers one event with these raw `X-Consul-Index` header lines (none for `[]`). */
const withIndexLines = (lines: string[]) => (_req: unknown, res: ServerResponse) => {
  if (lines.length > 0) res.setHeader('X-Consul-Index', lines.length === 1 ? lines[0]! : lines);
  res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify([event]));
};
const sentIndexes = () => agent.requests.map((request) => new URL(request.url, 'http://agent').searchParams.get('index'));
const retryDelays = (result: WatchResult) => result.statuses.flatMap((s) => (s.type === 'retry' ? [s.delayMs] : []));

describe('consulEvents$ given a broken X-Consul-Index: the answer is unusable (transient), its events are not delivered, the index is kept', () => {
  it.each<[string, string[], RegExp]>([
    ['missing', [], /X-Consul-Index is missing/],
    ['empty', [''], /X-Consul-Index "" is not a 64-bit decimal/],
    ['non-numeric', ['abc'], /X-Consul-Index "abc" is not a 64-bit decimal/],
    ['negative', ['-1'], /X-Consul-Index "-1"/],
    ['hexadecimal', ['0x1f'], /X-Consul-Index "0x1f"/],
    ['a float', ['1e3'], /X-Consul-Index "1e3"/],
    ['21 digits', ['123456789012345678901'], /X-Consul-Index "123456789012345678901"/],
    ['2^64, one above the largest', ['18446744073709551616'], /X-Consul-Index "18446744073709551616"/],
    ['comma-joined by a proxy', ['12, 12'], /X-Consul-Index "12, 12"/],
    ['sent twice, equal (as Consul once did)', ['12', '12'], /X-Consul-Index "12, 12"/],
    ['sent twice, different', ['12', '13'], /X-Consul-Index "12, 13"/],
  ])('%s', async (_, lines, message) => {
    agent.respond = withIndexLines(lines);
    const result = await firstFailure(agent.port);
    expect(result.error).toBeInstanceOf(ConsulResponseError);
    expect((result.error as ConsulResponseError).transient).toBe(true);
    expect((result.error as Error).message).toMatch(message);
    expect(result.events).toEqual([]);
  });

  it('keeps the last good index through unusable answers, and never "resets" it', async () => {
    const answers = [['7256511592453824992'], ['abc'], [], ['12, 12'], ['7256511592453824992']];
    agent.respond = (req, res) => withIndexLines(answers[Math.min(agent.requests.length - 1, answers.length - 1)]!)(req, res);
    const result = await watchUntil(agent.port, () => agent.requests.length >= 6);
    expect(sentIndexes().slice(0, 6)).toEqual([null, '7256511592453824992', '7256511592453824992', '7256511592453824992', '7256511592453824992', '7256511592453824992']);
    expect(result.events.map((e) => e.ID)).toEqual([event.ID]);
  });

  it('accepts the largest index, 2^64 - 1, and sends it back byte for byte (21 characters, even with a leading zero, are refused)', async () => {
    agent.respond = withIndexLines(['018446744073709551615']);
    await expect(firstFailure(agent.port)).resolves.toMatchObject({ error: expect.any(ConsulResponseError) });
    agent.respond = withIndexLines(['18446744073709551615']);
    await watchUntil(agent.port, () => sentIndexes().includes('18446744073709551615'));
    expect(sentIndexes()).toContain('18446744073709551615');
  });

  it('treats a header section too large to parse as a network failure, retried', async () => {
    agent.respond = (_req, res) => res.writeHead(200, { 'X-Consul-Index': '1', 'X-Junk': 'x'.repeat(64 * 1024) }).end('[]');
    const result = await firstFailure(agent.port);
    expect(result.error).toBeInstanceOf(ConsulNetworkError);
    expect((result.error as ConsulNetworkError).transient).toBe(true);
  });
});

describe('consulEvents$ given a hostile Retry-After on 429', () => {
  const tooMany = (retryAfter: string) => (_req: unknown, res: ServerResponse) =>
    res.writeHead(429, { 'Retry-After': retryAfter }).end('Your IP is issuing too many concurrent connections');
  /** The delay the stream asked for before its first retry (reported, never waited for: the test unsubscribes). */
  const firstRetryDelay = async (retryAfter: string, maxDelay: number) => {
    agent.respond = tooMany(retryAfter);
    const result = await watchUntil(agent.port, (r) => retryDelays(r).length > 0, 'deploy', { retry: { initialDelay: 10, maxDelay } });
    return retryDelays(result)[0]!;
  };

  it('honours a sane one as the least delay, jittered up to twice it', async () => {
    const delay = await firstRetryDelay('2', 60_000);
    expect(delay).toBeGreaterThanOrEqual(2_000);
    expect(delay).toBeLessThanOrEqual(4_000);
  });

  it.each(['99999999', 'Fri, 31 Dec 9999 23:59:59 GMT'])(
    'keeps %s within maxDelay, and within one hour whatever maxDelay is (a longer timer fires at once: a hot loop)',
    async (value) => {
      expect(await firstRetryDelay(value, 30_000)).toBe(30_000);
      expect(await firstRetryDelay(value, 3_600_000)).toBe(3_600_000);
    },
  );

  it.each(['-5', 'soon', 'Infinity', 'NaN', '1e12', 'x 9999'])('ignores %s (not seconds in digits, nor an HTTP date) and backs off as usual', async (value) => {
    const delay = await firstRetryDelay(value, 10);
    expect(delay).toBeGreaterThanOrEqual(5);
    expect(delay).toBeLessThanOrEqual(10);
  });
});
