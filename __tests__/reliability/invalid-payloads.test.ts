import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom } from 'rxjs';
import { consulEvents$, ConsulPayloadError, decodePayload, type ConsulEvent } from '../../src';
import { eventJsonLine } from '../../src/cli/event-json';
import { runHandler } from '../../src/cli/exec-handler';
import { listAnswer, listedEvent, startHostileAgent, type HostileAgent } from './helpers/hostile-agent';
import { eventually } from '../helpers/eventually';

let agent: HostileAgent;
beforeEach(async () => {
  agent = await startHostileAgent();
});
afterEach(() => agent.close());

const good = (text: string) => listedEvent({ Payload: Buffer.from(text).toString('base64') });
const broken = listedEvent({ Payload: 'djEuMi4z!!' }); // lenient decoders read "v1.2.3" and drop the rest

/** Watches the hostile agent through `decodePayload('text', options)` until `count` values or an error. */
async function decoded(options: Parameters<typeof decodePayload>[1], count: number) {
  const values: Array<Record<string, unknown>> = [];
  let error: unknown;
  const subscription = consulEvents$('deploy', { port: agent.port, retry: { initialDelay: 1, maxDelay: 4 } })
    .pipe(decodePayload('text', options))
    .subscribe({ next: (event) => values.push(event as unknown as Record<string, unknown>), error: (e: unknown) => { error = e; } });
  try {
    await eventually(() => error !== undefined || values.length >= count);
  } finally {
    subscription.unsubscribe();
  }
  return { values, error };
}

describe('decodePayload(format, { onError }) on a stream with a payload that is not valid base64', () => {
  beforeEach(() => {
    agent.respond = listAnswer(JSON.stringify([good('before'), broken, good('after')]), '77');
  });

  it("'error' (default): ends the stream with a ConsulPayloadError naming the event, after the good ones before it", async () => {
    const { values, error } = await decoded(undefined, 3);
    expect(values.map((e) => e.Payload)).toEqual(['before']);
    expect(error).toBeInstanceOf(ConsulPayloadError);
    expect((error as ConsulPayloadError).eventId).toBe(broken.ID);
    expect((error as Error).message).toMatch(/cannot be decoded as text: Invalid base64: its length \(10\) is not a multiple of 4/);
  });

  it("'skip': drops it, tells onSkip, and keeps watching", async () => {
    const skipped: string[] = [];
    const { values, error } = await decoded({ onError: 'skip', onSkip: (err) => skipped.push(err.eventId) }, 2);
    expect(error).toBeUndefined();
    expect(values.map((e) => e.Payload)).toEqual(['before', 'after']);
    expect(skipped).toEqual([broken.ID]);
  });

  it("'attach': delivers it with Payload null and the error attached", async () => {
    const { values, error } = await decoded({ onError: 'attach' }, 3);
    expect(error).toBeUndefined();
    expect(values.map((e) => e.Payload)).toEqual(['before', null, 'after']);
    expect(values[1]!.PayloadError).toBeInstanceOf(ConsulPayloadError);
  });
});

describe('consul-events watch output for damaged payloads', () => {
  const event = (Payload: string | null): ConsulEvent => listedEvent({ Payload }) as unknown as ConsulEvent;

  it.each<[string, string | null, unknown, string | undefined]>([
    ['valid UTF-8', Buffer.from('v1.2.3').toString('base64'), 'v1.2.3', 'utf-8'],
    ['bytes that are not UTF-8', '//4=', '//4=', 'base64'],
    ['invalid base64 (shown as sent, never half-decoded)', 'djEuMi4z!!', 'djEuMi4z!!', 'base64'],
    ['URL-safe base64', 'djE-', 'djE-', 'base64'],
    ['no payload', null, null, undefined],
  ])('prints %s', (_, payload, shown, encoding) => {
    const line = JSON.parse(eventJsonLine(event(payload)));
    expect(line.Payload).toEqual(shown);
    expect(line.PayloadEncoding).toBe(encoding);
  });

  it('--exec refuses to run the handler for a payload that is not valid base64, and says why', async () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'rx-consul-exec-')), 'ran');
    const bad = event('djEuMi4z!!');
    await expect(lastValueFrom(runHandler(`touch ${marker}`, bad))).rejects.toThrow(
      new RegExp(`payload of event ${bad.ID} is not valid base64 \\(Invalid base64: .*\\); its handler was not run`),
    );
    expect(existsSync(marker)).toBe(false);
  });

  it('--exec passes a NUL byte of an event field as U+FFFD instead of failing the spawn', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'rx-consul-exec-')), 'filter');
    const nul = { ...event(null), NodeFilter: '.*\u0000?', Name: 'de\u0000ploy' };
    await expect(lastValueFrom(runHandler(`printf '%s|%s' "$CONSUL_EVENT_NODE_FILTER" "$CONSUL_EVENT_NAME" > ${out}`, nul))).resolves.toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('.*\uFFFD?|de\uFFFDploy');
  });
});
