import { from, of, type Observable } from 'rxjs';
import { consulEvents$ } from '../../src/client/consul-events';
import { decodePayload, type DecodePayloadOptions } from '../../src/client/decode-payload';
import { ConsulPayloadError } from '../../src/client/payload-error';
import type { ConsulEvent } from '../../src/consul/event';
import { collect, useFakeAgent } from '../helpers/fake-agent';
import { eventually } from '../helpers/eventually';

const agent = useFakeAgent();

let serial = 0;
/** An event as Consul lists it, with `Payload` already in base64 (or null, or deliberately broken). */
function listed(Payload: string | null): ConsulEvent {
  serial += 1;
  const ID = `00000000-0000-0000-0000-${String(serial).padStart(12, '0')}`;
  return Object.freeze({ ID, Name: 'deploy', Payload, NodeFilter: '', ServiceFilter: '', TagFilter: '', Version: 1, LTime: serial });
}
const b64 = (bytes: string | number[]) => Buffer.from(typeof bytes === 'string' ? bytes : Uint8Array.from(bytes)).toString('base64');
const payloads = <T>(source: Observable<{ Payload: T }>) => collect(source).values.map((event) => event.Payload);

const notBase64 = listed('djEuMi4'); // length 7
const notUtf8 = listed(b64([0x76, 0xff, 0x31])); // 0xff never occurs in UTF-8
const notJson = listed(b64('{oops'));

describe("decodePayload('text')", () => {
  it('turns base64 into the UTF-8 string that was fired, and is the default format', () => {
    const events = [listed(b64('v1.2.3')), listed(b64('héllo ✓ 🚀'))];
    expect(payloads(from(events).pipe(decodePayload('text')))).toEqual(['v1.2.3', 'héllo ✓ 🚀']);
    expect(payloads(from(events).pipe(decodePayload()))).toEqual(['v1.2.3', 'héllo ✓ 🚀']);
  });

  it('keeps null (fired without a payload) as null', () => {
    expect(payloads(of(listed(null)).pipe(decodePayload()))).toEqual([null]);
  });

  it('keeps every other field and leaves the input event untouched', () => {
    const event = listed(b64('v1'));
    const [decoded] = collect(of(event).pipe(decodePayload())).values;
    expect(decoded).toEqual({ ...event, Payload: 'v1' });
    expect(event.Payload).toBe('djE=');
  });

  it('keeps a leading byte order mark: the text is exactly the bytes fired', () => {
    expect(payloads(of(listed(b64('\uFEFFv1'))).pipe(decodePayload()))).toEqual(['\uFEFFv1']);
  });
});

describe("decodePayload('bytes')", () => {
  it('turns base64 into the exact bytes, valid UTF-8 or not', () => {
    const [bytes] = payloads(of(listed(b64([0x00, 0xff, 0x80, 0x7f]))).pipe(decodePayload('bytes')));
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect([...bytes!]).toEqual([0x00, 0xff, 0x80, 0x7f]);
  });

  it('keeps null as null', () => {
    expect(payloads(of(listed(null)).pipe(decodePayload('bytes')))).toEqual([null]);
  });
});

describe("decodePayload<T>('json')", () => {
  interface Deploy { service: string; version: string }

  it('parses the payload as JSON, typed as T', () => {
    const watch = collect(of(listed(b64('{"service":"web","version":"1.2.3"}'))).pipe(decodePayload<Deploy>('json')));
    const deploy: Deploy | null = watch.values[0]!.Payload;
    expect(deploy).toEqual({ service: 'web', version: '1.2.3' });
  });

  it('keeps null (no payload) apart from a payload that is the JSON literal null', () => {
    expect(payloads(from([listed(null), listed(b64('null')), listed(b64('[1]'))]).pipe(decodePayload('json')))).toEqual([null, null, [1]]);
  });
});

describe("decodePayload(format) with the default onError: 'error'", () => {
  it.each([
    ['text', notBase64, 'SyntaxError', 'Invalid base64: its length (7) is not a multiple of 4'],
    ['bytes', notBase64, 'SyntaxError', 'Invalid base64: its length (7) is not a multiple of 4'],
    ['json', notBase64, 'SyntaxError', 'Invalid base64: its length (7) is not a multiple of 4'],
    ['text', notUtf8, 'TypeError', 'The encoded data was not valid for encoding utf-8'],
    ['json', notUtf8, 'TypeError', 'The encoded data was not valid for encoding utf-8'],
    ['json', notJson, 'SyntaxError', "Expected property name or '}' in JSON at position 1"],
  ] as const)('as %s, errors the stream with a ConsulPayloadError naming the event (%#)', (format, bad, causeName, causeMessage) => {
    const good = listed(b64('"ok"'));
    const watch = collect(from([good, bad, listed(b64('"after"'))]).pipe(decodePayload(format)));
    expect(watch.values.map((event) => event.ID)).toEqual([good.ID]);
    const error = watch.error as ConsulPayloadError;
    expect(error).toBeInstanceOf(ConsulPayloadError);
    expect(error).toMatchObject({ name: 'ConsulPayloadError', eventId: bad.ID, eventName: 'deploy', format });
    expect(error.cause).toMatchObject({ name: causeName, message: causeMessage });
    expect(error.message).toBe(`Payload of event ${bad.ID} ("deploy") cannot be decoded as ${format}: ${causeMessage}`);
  });
});

describe("decodePayload(format, { onError: 'skip' })", () => {
  it('drops events it cannot decode, tells onSkip which and why, and keeps going', () => {
    const skipped: Array<[ConsulPayloadError, ConsulEvent]> = [];
    const watch = collect(
      from([listed(b64('{"n":1}')), notBase64, notUtf8, notJson, listed(null), listed(b64('{"n":2}'))])
        .pipe(decodePayload('json', { onError: 'skip', onSkip: (error, event) => skipped.push([error, event]) })),
    );
    expect(watch.values.map((event) => event.Payload)).toEqual([{ n: 1 }, null, { n: 2 }]);
    expect(watch.error).toBeUndefined();
    expect(watch.completed).toBe(true);
    expect(skipped.map(([error, event]) => [error.eventId, event])).toEqual([
      [notBase64.ID, notBase64],
      [notUtf8.ID, notUtf8],
      [notJson.ID, notJson],
    ]);
    expect(skipped.every(([error]) => error instanceof ConsulPayloadError)).toBe(true);
  });

  it('works without onSkip', () => {
    expect(payloads(from([notUtf8, listed(b64('ok'))]).pipe(decodePayload('text', { onError: 'skip' })))).toEqual(['ok']);
  });
});

describe("decodePayload(format, { onError: 'attach' })", () => {
  it('delivers a failed event with Payload null and the reason in PayloadError', () => {
    const watch = collect(from([notJson, listed(b64('{"n":1}'))]).pipe(decodePayload('json', { onError: 'attach' })));
    const [failed, fine] = watch.values;
    expect(failed).toMatchObject({ ID: notJson.ID, Payload: null });
    expect(failed!.PayloadError).toBeInstanceOf(ConsulPayloadError);
    expect(failed!.PayloadError!.cause).toMatchObject({ name: 'SyntaxError' });
    expect(fine!.Payload).toEqual({ n: 1 });
    expect(fine).not.toHaveProperty('PayloadError');
  });

  it('leaves PayloadError off the type of the other policies', () => {
    const watch = collect(of(listed(null)).pipe(decodePayload('text')));
    // @ts-expect-error PayloadError exists only with onError: 'attach'
    expect(watch.values[0]!.PayloadError).toBeUndefined();
    const attached = collect(of(notBase64).pipe(decodePayload('bytes', { onError: 'attach' })));
    expect(attached.values[0]!.PayloadError?.format).toBe('bytes');
  });
});

describe('decodePayload (end to end with the agent)', () => {
  it('decodes what was fired, and with skip keeps watching past a bad payload', async () => {
    agent.store.fire('deploy', '{"version":"1"}');
    agent.store.fire('deploy', '{broken');
    const watch = collect(consulEvents$('deploy').pipe(decodePayload<{ version: string }>('json', { onError: 'skip' })));
    await eventually(() => watch.values.length === 1);
    agent.store.fire('deploy', '{"version":"2"}');
    await eventually(() => watch.values.length === 2);
    expect(watch.values.map((event) => event.Payload?.version)).toEqual(['1', '2']);
  });
});

describe('decodePayload validates its arguments when called', () => {
  it.each([
    [['xml'], TypeError, `decodePayload: format must be 'text', 'bytes' or 'json', got "xml"`],
    [['text', 'skip'], TypeError, 'decodePayload: options must be an object, got "skip"'],
    [['text', null], TypeError, 'decodePayload: options must be an object, got null'],
    [['text', { onError: 'ignore' }], TypeError, `decodePayload: options.onError must be 'error', 'skip' or 'attach', got "ignore"`],
    [['text', { onError: 'skip', onSkip: 'log' }], TypeError, 'decodePayload: options.onSkip must be a function, got "log"'],
    [['text', { onSkip: () => undefined }], TypeError, `decodePayload: options.onSkip is called only with onError: 'skip', got onError: "error"`],
    [['text', { onErorr: 'skip' }], TypeError, 'decodePayload: options has unknown option "onErorr"; known options are onError, onSkip'],
  ])('rejects %j', (args, type, message) => {
    const call = decodePayload as (format?: unknown, options?: unknown) => unknown;
    expect(() => call(...args)).toThrow(type);
    expect(() => call(...args)).toThrow(message);
  });

  it('accepts every documented options shape', () => {
    const shapes: DecodePayloadOptions[] = [{}, { onError: 'error' }, { onError: 'skip' }, { onError: 'skip', onSkip: () => undefined }, { onError: 'attach' }];
    shapes.forEach((options) => expect(() => decodePayload('json', options)).not.toThrow());
  });
});
