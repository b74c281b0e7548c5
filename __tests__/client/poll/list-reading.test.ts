import fc from 'fast-check';
import type { ConsulEvent } from '../../../src';
import { closingPosition, findLastEventId, parseEventsAfter } from '../../../src/client/poll/list-body';
import { bytesBody, textBody } from '../../../src/client/transport/answer-body';
import { readEventList, type ListReading } from '../../../src/client/poll/list-reading';
import { listedEvent } from '../../reliability/helpers/hostile-agent';

const body = (events: readonly object[]) => JSON.stringify(events);
const idOf = (event: object) => (event as { ID: string }).ID;
const asEvents = (events: readonly object[]) => events as unknown as ConsulEvent[];
/** The list a reading stands for: the previous list's last `known` events, then those read. */
const listedBy = ({ known, events }: ListReading, previous: readonly object[]) => [...previous.slice(previous.length - known), ...events];
const withListed = (reading: ListReading, previous: readonly object[]) => ({ ...reading, listed: listedBy(reading, previous) });
/** Reads `events` written as Consul writes them, after `previous` (and its body). */
const read = (events: readonly object[] | string, previous: readonly object[]) =>
  withListed(readEventList(textBody(typeof events === 'string' ? events : body(events)), asEvents(previous), (text) => text, 'GET /v1/event/list', textBody(body(previous))), previous);

/**
 * Two successive answers: mostly what an agent does (drop some of the oldest, keeping the
 * newest, then append), sometimes anything (a restart, an ACL change, a gossip duplicate).
 * An ID names one event: a list may repeat it (a gossip duplicate), never with other fields.
 */
const answerPairs = (() => {
  const field = fc.string({ unit: fc.constantFrom('a', '{', '}', '[', ']', '"', '\\', ',', ':', ' ', 'é', '"ID":"') });
  const event = (id: string) => fc.record({
    ID: fc.constant(id), Name: field, Payload: fc.option(fc.base64String(), { nil: null }),
    NodeFilter: field, ServiceFilter: field, TagFilter: field, Version: fc.constant(1), LTime: fc.nat(),
  });
  const pool = fc.tuple(...['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7'].map(event));
  const picks = (minLength: number) => fc.array(fc.nat(6), { minLength, maxLength: 8 });
  return fc.tuple(pool, picks(1), fc.nat(), picks(0), fc.nat(3), picks(0))
    .map(([events, previous, evicted, appended, kind, other]) => {
      const of = (indexes: number[]) => indexes.map((i) => events[i]!);
      const next = kind > 0 ? previous.slice(Math.min(evicted, previous.length - 1)).concat(appended) : other;
      return [of(previous), of(next)] as const;
    });
})();

describe('readEventList(body, previous): each answer read against the list before it', () => {
  const [a, b, c, d, e] = [listedEvent(), listedEvent(), listedEvent(), listedEvent(), listedEvent()];

  it('reads a first answer whole', () => {
    expect(read([a, b], [])).toMatchObject({ listed: [a, b], known: 0 });
  });

  it('takes the previous events from before and parses only what follows its newest one', () => {
    const previous = asEvents([a, b, c]);
    const reading = readEventList(textBody(body([a, b, c, d, e])), previous, (text) => text, 'GET', textBody(body(previous)));
    expect(reading).toMatchObject({ known: 3, events: [d, e] });
    expect(listedBy(reading, previous)).toEqual([a, b, c, d, e]);
  });

  it('follows evictions at the old end: the events still listed are taken from before', () => {
    expect(read([b, c, d], [a, b, c])).toMatchObject({ listed: [b, c, d], known: 2 });
    expect(read([c], [a, b, c])).toMatchObject({ listed: [c], known: 1 });
  });

  it('reads whole an answer with an event before the previous newest that the previous list did not hold there', () => {
    // The original C was evicted and a gossip copy of it appended after D: D is new.
    expect(read([d, c, e], [a, b, c])).toMatchObject({ listed: [d, c, e], known: 0 });
    // An ACL change revealed B (listed by age, before C), or hid B.
    expect(read([a, b, c, d], [a, c])).toMatchObject({ listed: [a, b, c, d], known: 0 });
    expect(read([a, c, d], [a, b, c])).toMatchObject({ listed: [a, c, d], known: 0 });
  });

  it('reads whole an answer without the previous newest event, or not written as compact JSON', () => {
    expect(read([d, e], [a, b, c])).toMatchObject({ listed: [d, e], known: 0 });
    expect(read(JSON.stringify([a, b, c], null, 2), [a, b])).toMatchObject({ listed: [a, b, c], known: 0 });
    // Without the previous body there is nothing to compare with.
    expect(readEventList(textBody(body([a, b, c])), asEvents([a, b]), (t) => t, 'GET')).toMatchObject({ events: [a, b, c], known: 0 });
  });

  it('reads whole when the previous newest event is written inside another field', () => {
    const decoy = listedEvent({ NodeFilter: `"ID":"${idOf(c)}"}, {` });
    expect(read([decoy, b, c, d], [b, c])).toMatchObject({ listed: [decoy, b, c, d], known: 0 });
    const nested = listedEvent({ Extra: { ID: idOf(c) } });
    expect(read([nested, d], [b, c])).toMatchObject({ listed: [nested, d], known: 0 });
  });

  it('reads whole what a walk from ID to ID would misread: keys written otherwise, nested or repeated IDs, escapes', () => {
    const text = (events: object[]) => JSON.stringify(events).slice(1, -1);
    const spaced = '{"Name":"n","ID" : "q","Payload":null}';
    expect(read(`[${text([a])},${spaced},${text([b, c])}]`, [a, b])).toMatchObject({ listed: [a, JSON.parse(spaced), b, c], known: 0 });
    const hiding = listedEvent({ ID: idOf(a), M: [{ x: 1 }, { ID: idOf(b) }] });
    expect(read([hiding, c], [a, b, c])).toMatchObject({ listed: [hiding, c], known: 0 });
    const backslash = listedEvent({ ID: 'x\\' });
    const quoted = listedEvent({ ID: 'x"y' });
    expect(read([a, quoted, d], [a, backslash])).toMatchObject({ listed: [a, quoted, d], known: 0 });
    const twice = `{"ID":"${idOf(c)}","Name":"n","Payload":null,"ID":"z"}`;
    expect(read(`[${twice}]`, [c])).toMatchObject({ listed: [JSON.parse(twice)], known: 0 });
  });

  it('reads whole (and so refuses) a body that is not a list as Consul writes it, though the IDs before the newest check out', () => {
    const text = (events: object[]) => JSON.stringify(events).slice(1, -1);
    expect(() => read(`[${text([a, b])},]`, [a, b])).toThrow(/the body is not JSON/);
    expect(() => read(`[garbage ${text([a, b])}]`, [a, b])).toThrow(/the body is not JSON/);
  });

  it('holds a list read after the previous newest to the 1,024 events a whole read accepts', () => {
    const many = Array.from({ length: 1_024 }, () => listedEvent());
    const more = [...many, listedEvent()];
    expect(() => read(more, many)).toThrow(/lists 1025 events/);
  });

  it('refuses what it cannot read whole, as parsing would', () => {
    expect(() => readEventList(textBody('[{"ID":"x","Name":7,"Payload":null}]'), [], (t) => t, 'GET /v1/event/list'))
      .toThrow('Unusable answer from Consul to GET /v1/event/list: event 0 of the body has no string Name');
    expect(() => readEventList(textBody(`[${body([listedEvent({ ID: 'x'.repeat(129) })]).slice(1)}`), [], (t) => t, 'GET'))
      .toThrow(/event 0 of the body has an ID of 129 characters/);
  });

  it('always lists what parsing the whole body lists (property)', () => {
    let readAfterPrevious = 0;
    fc.assert(
      fc.property(answerPairs, ([previous, next]) => {
        const reading = readEventList(textBody(JSON.stringify(next)), asEvents(previous), (t) => t, 'GET', textBody(JSON.stringify(previous)));
        expect(listedBy(reading, previous)).toEqual(next);
        if (reading.known > 0) readAfterPrevious++;
      }),
      { seed: 7, numRuns: 1_000 },
    );
    expect(readAfterPrevious).toBeGreaterThan(300); // the shortcut was taken, not only whole reads
  });

  it.each([
    ['text (browsers)', textBody],
    ['bytes (Node)', (text: string) => bytesBody(Buffer.from(text))],
  ])('reads after the previous body what parsing the whole body lists, the body arriving as %s (property)', (_, arrived) => {
    let byBody = 0;
    fc.assert(
      fc.property(answerPairs, ([previous, next]) => {
        const previousBody = arrived(JSON.stringify(previous));
        const listed = readEventList(previousBody, [], (t) => t, 'GET').events;
        const withBody = readEventList(arrived(JSON.stringify(next)), listed, (t) => t, 'GET', previousBody);
        expect(listedBy(withBody, previous)).toEqual(next);
        if (withBody.known > 0) byBody++;
      }),
      { seed: 7, numRuns: 2_000 },
    );
    expect(byBody).toBeGreaterThan(300);
  });
});

describe('parseEventsAfter(body, end): the events listed after the one that closes at `end`', () => {
  const [a, b, c] = [listedEvent(), listedEvent(), listedEvent()];
  const after = (events: object[] | string, id: string) => {
    const text = typeof events === 'string' ? events : body(events);
    const fromText = textBody(text);
    const fromBytes = bytesBody(Buffer.from(text));
    const readings = [fromText, fromBytes].map((arrived) => parseEventsAfter(arrived, closingPosition(arrived, findLastEventId(arrived, id))));
    expect(readings[1]).toEqual(readings[0]);
    return readings[0];
  };

  it('returns the events after it, and [] when it is the newest', () => {
    expect(after([a, b, c], idOf(a))).toEqual([b, c]);
    expect(after([a, b, c], idOf(c))).toEqual([]);
  });

  it('gives up when what follows is not a list of usable events', () => {
    expect(after(`${body([a]).slice(0, -1)},{"ID":"x","Name":7,"Payload":null}]`, idOf(a))).toBeUndefined();
    expect(after(`${body([a]).slice(0, -1)},{"ID":"x"`, idOf(a))).toBeUndefined();
    expect(after(`${body([a]).slice(0, -1)},null]`, idOf(a))).toBeUndefined();
    expect(after(body([a]).slice(0, -1), idOf(a))).toBeUndefined();
  });

  it('finds no ID in a body that is not a JSON array', () => {
    expect(findLastEventId(textBody(`garbage${body([a, b])}`), idOf(a))).toBe(-1);
    expect(findLastEventId(bytesBody(Buffer.from(`garbage${body([a, b])}`)), idOf(a))).toBe(-1);
  });
});
