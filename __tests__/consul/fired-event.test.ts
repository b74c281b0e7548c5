import { acceptFiredEvent, type AcceptedFire } from '../../src/consul/fired-event';
import { payloadBytes } from '../../src/consul/user-event';

function accepted(result: ReturnType<typeof acceptFiredEvent>): AcceptedFire {
  if ('rejection' in result) throw new Error(`fire was refused: ${result.rejection}`);
  return result;
}

describe('acceptFiredEvent(name, payload, filters, lamportTime)', () => {
  it('answers with LTime 0 and gossips the same event with the Lamport time', () => {
    const { answer, gossiped } = accepted(acceptFiredEvent('deploy', payloadBytes('v1'), { node: 'web' }, 7));
    expect(answer).toMatchObject({ Name: 'deploy', Payload: 'djE=', NodeFilter: 'web', LTime: 0 });
    expect(gossiped).toEqual({ ...answer, LTime: 7 });
  });

  it('checks the parameters before the size, as the agent does', () => {
    expect(acceptFiredEvent('deploy', new Uint8Array(1000), { tag: 'x' }, 1)).toEqual({
      rejection: 'Cannot provide tag filter without service filter',
    });
  });

  it('refuses a payload too large for one gossip message', () => {
    expect(acceptFiredEvent('deploy', new Uint8Array(1000), {}, 1)).toEqual({
      rejection: 'error broadcasting event: user event exceeds configured limit of 512 bytes before encoding',
    });
  });

  it('refuses a huge payload from its length alone, never encoding it', () => {
    const encode = jest.spyOn(globalThis, 'btoa');
    try {
      expect(acceptFiredEvent('deploy', new Uint8Array(20 * 1024 * 1024), {}, 1)).toEqual({
        rejection: 'error broadcasting event: user event exceeds configured limit of 512 bytes before encoding',
      });
      expect(encode).not.toHaveBeenCalled();
    } finally {
      encode.mockRestore();
    }
  });
});
