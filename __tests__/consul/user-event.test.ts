import { LamportClock } from '../../src/consul/lamport-clock';
import { createUserEvent, payloadBytes, randomEventId } from '../../src/consul/user-event';

describe('createUserEvent(name, payload, filters)', () => {
  it('answers like the fire endpoint: fresh UUID, base64 payload, Version 1, LTime 0, Go field order', () => {
    const event = createUserEvent('deploy', payloadBytes('v1.2.3'), { node: 'web' });
    expect(Object.keys(event)).toEqual(['ID', 'Name', 'Payload', 'NodeFilter', 'ServiceFilter', 'TagFilter', 'Version', 'LTime']);
    expect(event).toEqual({
      ID: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      Name: 'deploy',
      Payload: 'djEuMi4z',
      NodeFilter: 'web',
      ServiceFilter: '',
      TagFilter: '',
      Version: 1,
      LTime: 0,
    });
  });

  it('gives every event a new ID', () => {
    expect(createUserEvent('a', null, {}).ID).not.toBe(createUserEvent('a', null, {}).ID);
  });

  it('encodes arbitrary bytes as padded standard base64', () => {
    expect(createUserEvent('a', Uint8Array.from([0xff, 0xfe, 0x00, 0x3e]), {}).Payload).toBe('//4APg==');
  });

  it('writes a missing payload as null, never ""', () => {
    expect(createUserEvent('a', null, {}).Payload).toBeNull();
  });
});

describe('payloadBytes(payload)', () => {
  it('encodes text as UTF-8', () => {
    expect(payloadBytes('é')).toEqual(Uint8Array.from([0xc3, 0xa9]));
  });

  it('treats an empty payload as none, as the agent does', () => {
    expect(payloadBytes('')).toBeNull();
    expect(payloadBytes(new Uint8Array())).toBeNull();
    expect(payloadBytes(undefined)).toBeNull();
  });
});

describe('new LamportClock()', () => {
  it('starts at 1 and advances by one per increment', () => {
    const clock = new LamportClock();
    expect(clock.time()).toBe(1);
    expect(clock.increment()).toBe(2);
    expect(clock.time()).toBe(2);
  });
});

describe('randomEventId()', () => {
  it('prints 128 random bits in the UUID layout, without version-4 bits', () => {
    const ids = Array.from({ length: 64 }, () => randomEventId());
    expect(ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id))).toBe(true);
    expect(new Set(ids.map((id) => id[14])).size).toBeGreaterThan(1); // v4 would always be '4'
    expect(new Set(ids.map((id) => id[19])).size).toBeGreaterThan(4); // the variant would keep it in 8-b
  });
});
