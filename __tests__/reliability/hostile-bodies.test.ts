import { gzipSync } from 'node:zlib';
import { lastValueFrom, of } from 'rxjs';
import { ConsulResponseError, decodePayload, EventCheckpoint } from '../../src';
import { eventJsonLine } from '../../src/cli/event-json';
import { listAnswer, listedEvent, startHostileAgent, type HostileAgent } from './helpers/hostile-agent';
import { firstFailure, watchUntil } from './helpers/watch';

let agent: HostileAgent;
beforeEach(async () => {
  agent = await startHostileAgent();
});
afterEach(() => agent.close());

const json = (value: unknown) => JSON.stringify(value);

describe('consulEvents$ given a list body it cannot use: the whole answer is refused (transient ConsulResponseError), nothing of it delivered', () => {
  it.each<[string, string, RegExp]>([
    ['HTML from a proxy', '<html><body>502 Bad Gateway</body></html>', /the body is not JSON \("<html><body>502 Bad Gateway/],
    ['an empty body', '', /the body is not JSON \(""\)/],
    ['a body cut short', '[{"ID":"afe6d0d3-c8f7-bea6', /the body is not JSON/],
    ['null', 'null', /the body is not a JSON array of events/],
    ['an object', '{"events":[]}', /the body is not a JSON array of events/],
    ['a JSON string', '"[]"', /the body is not a JSON array of events/],
    ['null in the array', '[null]', /event 0 of the body is not an object/],
    ['an array in the array', '[[]]', /event 0 of the body is not an object/],
    ['an event without ID after a good one', json([listedEvent(), listedEvent({ ID: undefined })]), /event 1 of the body has no string ID/],
    ['a numeric ID', json([listedEvent({ ID: 42 })]), /event 0 of the body has no string ID/],
    ['a numeric Name', json([listedEvent({ Name: 7 })]), /event 0 of the body has no string Name/],
    ['no Name', json([listedEvent({ Name: undefined })]), /event 0 of the body has no string Name/],
    ['an object Payload', json([listedEvent({ Payload: { a: 1 } })]), /event 0 of the body has a Payload that is neither a string nor null/],
    ['a numeric Payload', json([listedEvent({ Payload: 5 })]), /Payload that is neither a string nor null/],
    ['no Payload', json([listedEvent({ Payload: undefined })]), /Payload that is neither a string nor null/],
  ])('%s', async (_, body, message) => {
    agent.respond = listAnswer(body);
    const result = await firstFailure(agent.port);
    expect(result.error).toBeInstanceOf(ConsulResponseError);
    expect((result.error as ConsulResponseError).transient).toBe(true);
    expect((result.error as Error).message).toMatch(message);
    expect(result.events).toEqual([]);
  });

  it('passes other fields through as sent, even of the wrong type (nothing in the stream reads them)', async () => {
    const odd = listedEvent({ LTime: '9', Version: null, NodeFilter: 5, Extra: { nested: true } });
    agent.respond = listAnswer(json([odd]));
    const result = await watchUntil(agent.port, (r) => r.events.length === 1);
    expect(result.events).toEqual([odd]);
  });
});

describe('consulEvents$ given "__proto__" and "constructor" keys', () => {
  const pollution = '{"polluted":"yes"}';
  const payload = Buffer.from(`{"__proto__":${pollution},"constructor":{"prototype":${pollution}}}`).toString('base64');

  it('delivers the event with those keys as plain data, and no prototype changes', async () => {
    const { ID } = listedEvent();
    const body = `[{"ID":"${ID}","Name":"deploy","Payload":"${payload}","NodeFilter":"","ServiceFilter":"","TagFilter":"",` +
      `"Version":1,"LTime":1,"__proto__":${pollution},"constructor":{"prototype":${pollution}}}]`;
    agent.respond = listAnswer(body);
    const result = await watchUntil(agent.port, (r) => r.events.length === 1);
    const event = result.events[0]!;
    const decoded = await lastValueFrom(of(event).pipe(decodePayload('json')));
    new EventCheckpoint().record(event);
    const line = eventJsonLine(event);

    expect(Object.getPrototypeOf(event)).toBe(Object.prototype);
    expect(event.ID).toBe(ID);
    expect(JSON.stringify(decoded.Payload)).toBe(`{"__proto__":${pollution},"constructor":{"prototype":${pollution}}}`);
    expect(line).toContain('"__proto__":{"polluted":"yes"}');
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  });

  it('watches event names "__proto__" and "constructor" like any other', async () => {
    const events = [listedEvent({ Name: '__proto__' }), listedEvent({ Name: 'toString' }), listedEvent({ Name: 'constructor' })];
    agent.respond = listAnswer(json(events));
    const result = await watchUntil(agent.port, (r) => r.events.length === 2, ['__proto__', 'constructor']);
    expect(result.events.map((e) => e.Name)).toEqual(['__proto__', 'constructor']);
  });
});

describe('consulEvents$ given huge answers', () => {
  /** Streams `[`, `megabytes` MB of spaces and `]` (a valid, empty list), stopping when the client hangs up. */
  const streamedList = (megabytes: number) => (_req: unknown, res: import('node:http').ServerResponse) => {
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    let sent = 0;
    res.writeHead(200, { 'X-Consul-Index': '1', 'Content-Type': 'application/json' });
    res.write('[');
    const pump = () => {
      while (sent < megabytes && !res.destroyed) {
        sent++;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end(']');
    };
    pump();
  };

  it('refuses a 50 MB body, saying the cap is 8 MB', async () => {
    agent.respond = streamedList(50);
    const result = await firstFailure(agent.port);
    expect(result.error).toBeInstanceOf(ConsulResponseError);
    expect((result.error as Error).message).toMatch(/the body is larger than 8388608 bytes/);
  });

  it('asks for no compression, and refuses a gzip bomb sent anyway (50 MB inflated from 50 kB) without inflating it', async () => {
    const bomb = gzipSync(Buffer.concat([Buffer.from('['), Buffer.alloc(50 * 1024 * 1024, 0x20), Buffer.from(']')]));
    agent.respond = (_req, res) => res.writeHead(200, { 'X-Consul-Index': '1', 'Content-Encoding': 'gzip' }).end(bomb);
    const result = await firstFailure(agent.port);
    expect(bomb.length).toBeLessThan(100_000);
    expect(agent.requests[0]!.headers['accept-encoding']).toBeUndefined();
    expect(result.error).toBeInstanceOf(ConsulResponseError);
    expect((result.error as Error).message).toMatch(/the body is encoded as "gzip", which was not asked for/);
    expect(result.events).toEqual([]);
  });

  it('refuses 10,000 events in one answer: no agent keeps that many, and they could not be deduplicated', async () => {
    agent.respond = listAnswer(json(Array.from({ length: 10_000 }, () => listedEvent())));
    const result = await firstFailure(agent.port);
    expect(result.error).toBeInstanceOf(ConsulResponseError);
    expect((result.error as Error).message).toMatch(/the body lists 10000 events; an agent keeps 256 and at most 1024 are accepted/);
    expect(result.events).toEqual([]);
  });

  it('delivers 1,024 events once each, in order, and none again when the same list comes back', async () => {
    const events = Array.from({ length: 1_024 }, (_, i) => listedEvent({ LTime: i }));
    agent.respond = listAnswer(json(events), '4242');
    const result = await watchUntil(agent.port, () => agent.requests.length >= 4);
    expect(result.events.map((e) => e.ID)).toEqual(events.map((e) => e.ID));
  });
});

describe('consulEvents$ given payloads that are not valid base64', () => {
  const bad = ['djEuMi4z!!', 'djE', 'dj E=', 'djE-', 'djF='];

  it('delivers the events as Consul sent them: only decodePayload judges payloads', async () => {
    agent.respond = listAnswer(json(bad.map((Payload) => listedEvent({ Payload }))));
    const result = await watchUntil(agent.port, (r) => r.events.length === bad.length);
    expect(result.events.map((e) => e.Payload)).toEqual(bad);
  });
});
