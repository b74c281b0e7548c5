import type { ConsulEvent } from '../../src/consul/event';
import { DEFAULT_EVENT_BUFFER_SIZE, EventRing } from '../../src/consul/event-ring';
import { createUserEvent } from '../../src/consul/user-event';

const eventNamed = (name: string): ConsulEvent => createUserEvent(name, null, {});

describe('new EventRing(capacity)', () => {
  it('holds 256 events by default, like an agent', () => {
    expect(DEFAULT_EVENT_BUFFER_SIZE).toBe(256);
    const ring = new EventRing();
    const events = Array.from({ length: 300 }, (_, i) => eventNamed(`e${i}`));
    events.forEach((event) => ring.push(event));
    expect(ring.toArray()).toEqual(events.slice(44));
  });

  it('refuses a capacity that is not a positive integer, naming the value', () => {
    expect(() => new EventRing(0)).toThrow(/bufferSize must be a positive integer, got 0/);
    expect(() => new EventRing(2.5)).toThrow(/got 2.5/);
  });
});

describe('EventRing#push(event) / #toArray()', () => {
  it('returns events oldest first', () => {
    const ring = new EventRing(3);
    const [a, b] = [eventNamed('a'), eventNamed('b')];
    ring.push(a);
    ring.push(b);
    expect(ring.toArray()).toEqual([a, b]);
  });

  it('silently overwrites the oldest event of any name when full', () => {
    const ring = new EventRing(3);
    const [deploy, x, y, z] = [eventNamed('deploy'), eventNamed('x'), eventNamed('y'), eventNamed('z')];
    [deploy, x, y, z].forEach((event) => ring.push(event));
    expect(ring.toArray()).toEqual([x, y, z]);
  });

  it('keeps the order across many wrap-arounds', () => {
    const ring = new EventRing(4);
    const events = Array.from({ length: 11 }, (_, i) => eventNamed(`e${i}`));
    events.forEach((event) => ring.push(event));
    expect(ring.toArray().map((event) => event.Name)).toEqual(['e7', 'e8', 'e9', 'e10']);
  });
});

describe('EventRing#clear()', () => {
  it('empties the ring, which then fills from the start again', () => {
    const ring = new EventRing(2);
    ring.push(eventNamed('old'));
    ring.clear();
    const fresh = eventNamed('fresh');
    ring.push(fresh);
    expect(ring.toArray()).toEqual([fresh]);
  });
});
