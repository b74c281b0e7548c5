import { formatGoDuration, parseGoDuration } from '../../src/consul/go-duration';

describe('parseGoDuration(text)', () => {
  it.each([
    ['30s', 30_000_000_000n],
    ['1m30s', 90_000_000_000n],
    ['250ms', 250_000_000n],
    ['1.5h', 5_400_000_000_000n],
    ['.5s', 500_000_000n],
    ['5.s', 5_000_000_000n],
    ['2h45m', 9_900_000_000_000n],
    ['1500us', 1_500_000n],
    ['1500µs', 1_500_000n],
    ['1500μs', 1_500_000n],
    ['10ns', 10n],
    ['+5s', 5_000_000_000n],
    ['-5s', -5_000_000_000n],
    ['0', 0n],
    ['-0', 0n],
    ['0s', 0n],
  ])('reads %s as Go does', (text, nanoseconds) => {
    expect(parseGoDuration(text)).toBe(nanoseconds);
  });

  it.each(['30', '00', '1h30', '', '-', '.s', 's', '1d', '1e3s', '1 s', ' 1s', '1S', 'abc', '１s', '1..5s'])(
    'refuses %j, as Go does (a bare number other than 0 needs a unit)',
    (text) => {
      expect(parseGoDuration(text)).toBeUndefined();
    },
  );

  it('refuses a duration that overflows int64 nanoseconds, and accepts the largest that fits', () => {
    expect(parseGoDuration('2562047h47m16.854775807s')).toBe(2n ** 63n - 1n);
    expect(parseGoDuration('2562048h')).toBeUndefined();
    expect(parseGoDuration('9223372036854775808ns')).toBeUndefined();
    expect(parseGoDuration('-9223372036854775808ns')).toBe(-(2n ** 63n));
  });
});

describe('formatGoDuration(seconds)', () => {
  it.each([
    [60, '60s'],
    [600, '600s'],
    [0.5, '500ms'],
    [1.25, '1250ms'],
    [0.001, '1ms'],
  ])('writes %p seconds as %p, which parses back to the same duration', (seconds, text) => {
    expect(formatGoDuration(seconds)).toBe(text);
    expect(parseGoDuration(text)).toBe(BigInt(Math.round(seconds * 1000)) * 1_000_000n);
  });
});
