import { gossipSizeRejection, USER_EVENT_SIZE_LIMIT } from '../../src/consul/gossip-size';
import { createUserEvent } from '../../src/consul/user-event';

const rejection = (name: string, payloadLength: number, filters = {}, lamportTime = 1) => {
  const payload = payloadLength > 0 ? new Uint8Array(payloadLength) : null;
  return gossipSizeRejection(createUserEvent(name, payload, filters), payload, lamportTime);
};

describe('gossipSizeRejection(event, payload, lamportTime)', () => {
  it('works against serf’s 512-byte message limit', () => {
    expect(USER_EVENT_SIZE_LIMIT).toBe(512);
  });

  it('accepts the payloads Consul recommends (under 100 bytes) and no payload at all', () => {
    expect(rejection('deploy', 99)).toBeUndefined();
    expect(rejection('deploy', 0)).toBeUndefined();
  });

  it('fits about 415 − 2·len(name) payload bytes, and refuses more with serf’s text', () => {
    for (const name of ['a', 'deploy', 'a-rather-long-event-name']) {
      expect(rejection(name, 405 - 2 * name.length)).toBeUndefined();
      expect(rejection(name, 425 - 2 * name.length)).toBe(
        'encoded user event exceeds configured limit of 512 bytes after encoding',
      );
    }
  });

  it('counts the filters against the limit too', () => {
    expect(rejection('deploy', 380)).toBeUndefined();
    expect(rejection('deploy', 380, { node: 'n'.repeat(40) })).toBeDefined();
  });

  it('reports the before-encoding check when name and payload alone exceed the limit', () => {
    expect(rejection('deploy', 600)).toBe('user event exceeds configured limit of 512 bytes before encoding');
  });

  it('counts the name in UTF-8 bytes', () => {
    const ascii = 'e'.repeat(20);
    const accented = 'é'.repeat(20);
    const payload = 400 - 2 * ascii.length;
    expect(rejection(ascii, payload)).toBeUndefined();
    expect(rejection(accented, payload)).toBeDefined();
  });
});
