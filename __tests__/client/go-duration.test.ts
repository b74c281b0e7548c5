import { toGoDuration } from '../../src/client/go-duration';

describe('toGoDuration(seconds)', () => {
  it.each([
    [60, '60s'],
    [600, '600s'],
    [0.5, '500ms'],
    [1.25, '1250ms'],
    [0.001, '1ms'],
  ])('writes %p seconds as %p', (seconds, text) => {
    expect(toGoDuration(seconds)).toBe(text);
  });
});
