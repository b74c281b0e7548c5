import fc from 'fast-check';
import { parseEventsAfter } from '../../src/client/event-list-body';
import { listedEvent } from '../reliability/helpers/hostile-agent';

const body = (events: readonly object[]) => JSON.stringify(events);
const idOf = (event: object) => (event as { ID: string }).ID;

describe('parseEventsAfter(body, id): the events listed after the one with that ID', () => {
  const [a, b, c] = [listedEvent(), listedEvent(), listedEvent()];

  it('returns the events after it, and [] when it is the newest', () => {
    expect(parseEventsAfter(body([a, b, c]), idOf(a))).toEqual([b, c]);
    expect(parseEventsAfter(body([a, b, c]), idOf(c))).toEqual([]);
  });

  it('counts from its first occurrence: a gossip duplicate of it may follow newer events', () => {
    expect(parseEventsAfter(body([a, b, c, b]), idOf(b))).toEqual([c, b]);
  });

  it('gives up (the caller reads the whole body) when the ID is not there, or not as compact JSON', () => {
    expect(parseEventsAfter(body([a, b]), idOf(c))).toBeUndefined();
    expect(parseEventsAfter(JSON.stringify([a, b], null, 2), idOf(a))).toBeUndefined();
    expect(parseEventsAfter('', idOf(a))).toBeUndefined();
  });

  it('gives up when what follows is not a list of usable events', () => {
    expect(parseEventsAfter(`${body([a]).slice(0, -1)},{"ID":"x","Name":7,"Payload":null}]`, idOf(a))).toBeUndefined();
    expect(parseEventsAfter(`${body([a]).slice(0, -1)},{"ID":"x"`, idOf(a))).toBeUndefined();
    expect(parseEventsAfter(`${body([a]).slice(0, -1)},null]`, idOf(a))).toBeUndefined();
    expect(parseEventsAfter(body([a]).slice(0, -1), idOf(a))).toBeUndefined();
    expect(parseEventsAfter(`garbage${body([a, b])}`, idOf(a))).toBeUndefined();
  });

  it('does not take an ID written inside another field for the event itself', () => {
    const decoy = listedEvent({ NodeFilter: `"ID":"${idOf(a)}"}, {` });
    expect(parseEventsAfter(body([decoy, a, b]), idOf(a))).toEqual([b]);
    const nested = listedEvent({ Extra: { ID: idOf(a) } });
    expect(parseEventsAfter(body([nested, b]), idOf(a))).toBeUndefined();
  });

  it('agrees with parsing the whole list, for any events and any listed ID (property)', () => {
    const field = fc.string({ unit: fc.constantFrom('a', '{', '}', '[', ']', '"', '\\', ',', ':', ' ', 'é', '\u2028') });
    const event = fc.record({
      ID: fc.uuid(), Name: field, Payload: fc.option(fc.base64String(), { nil: null }),
      NodeFilter: field, ServiceFilter: field, TagFilter: field, Version: fc.constant(1), LTime: fc.nat(),
    });
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 12 }), fc.nat(), (events, pick) => {
        const id = events[pick % events.length]!.ID;
        const first = events.findIndex((e) => e.ID === id);
        expect(parseEventsAfter(JSON.stringify(events), id)).toEqual(events.slice(first + 1));
      }),
      { seed: 5, numRuns: 300 },
    );
  });
});
