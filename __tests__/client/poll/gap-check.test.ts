import { findGap } from '../../../src/client/poll/gap-check';
import { event } from '../../helpers/scripted-client';

describe('findGap(previous, listed, known, context): may events have been lost between two answers?', () => {
  const [a, b, c, d] = [event(), event(), event(), event()];
  const unfiltered = { filtered: false, interrupted: false };

  it('says nothing while the previous newest event is still listed, found by the reading or anywhere', () => {
    expect(findGap([a, b], [b, c], 1, unfiltered)).toBeUndefined();
    expect(findGap([a, b], [c, b, d], 0, unfiltered)).toBeUndefined();
    expect(findGap([], [c], 0, unfiltered)).toBeUndefined();
  });

  it('on a list of every event: a turnover when the list is as long, a restart when it came back shorter or empty', () => {
    expect(findGap([a, b], [c, d], 0, unfiltered)).toBe('evicted');
    expect(findGap([a, b], [c], 0, unfiltered)).toBe('emptied');
    expect(findGap([a, b], [], 0, unfiltered)).toBe('emptied');
  });

  it('on a filtered list: an emptied list counts only after an interruption (else it only aged out)', () => {
    const filtered = { filtered: true, interrupted: false };
    expect(findGap([a, b], [c], 0, filtered)).toBe('evicted');
    expect(findGap([a, b], [], 0, filtered)).toBeUndefined();
    expect(findGap([a, b], [], 0, { filtered: true, interrupted: true })).toBe('emptied');
  });
});
