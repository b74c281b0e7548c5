import { findGap } from '../../../src/client/poll/gap-check';
import { event } from '../../helpers/scripted-client';

describe('findGap(previous, listed, known, context): may events have been lost between two answers?', () => {
  const [a, b, c, d] = [event(), event(), event(), event()];
  const unfiltered = { filtered: false, interrupted: false, answeredBefore: true, aclFilteringBegan: false };

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
    const filtered = { ...unfiltered, filtered: true };
    expect(findGap([a, b], [c], 0, filtered)).toBe('evicted');
    expect(findGap([a, b], [], 0, filtered)).toBeUndefined();
    expect(findGap([a, b], [], 0, { ...filtered, interrupted: true })).toBe('emptied');
  });

  it('after an empty answer: a whole ring (256) listed may have pushed older events out; fewer cannot have', () => {
    const ring = Array.from({ length: 256 }, () => event());
    expect(findGap([], ring, 0, unfiltered)).toBe('evicted');
    expect(findGap([], ring.slice(1), 0, unfiltered)).toBeUndefined();
    expect(findGap([], ring, 0, { ...unfiltered, answeredBefore: false })).toBeUndefined(); // the first answer
    expect(findGap([], ring, 0, { ...unfiltered, filtered: true })).toBeUndefined();
  });

  it('says nothing when the agent just began hiding events from the token: the newest may only be hidden', () => {
    expect(findGap([a, b], [a, c], 0, { ...unfiltered, filtered: true, aclFilteringBegan: true })).toBeUndefined();
  });
});
