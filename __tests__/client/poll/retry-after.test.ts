import { parseRetryAfter } from '../../../src/client/poll/retry-after';

const NOW = Date.parse('Wed, 21 Oct 2015 07:27:30 GMT');

describe('parseRetryAfter(value, now)', () => {
  it('reads seconds and HTTP dates (all three forms) as milliseconds from now', () => {
    expect(parseRetryAfter('2', NOW)).toBe(2_000);
    expect(parseRetryAfter(' 0.25 ', NOW)).toBe(250);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfter('Wednesday, 21-Oct-15 07:28:00 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfter('Wed Oct 21 07:28:00 2015', NOW - new Date(NOW).getTimezoneOffset() * 60_000)).toBe(30_000);
  });

  it.each([undefined, '', '   ', '0', '0.0', '-1', '-0.5', 'soon', '1.5 seconds', 'x 2030', 'NaN', 'Infinity', '1e3', 'Wed, 21 Oct 2015 07:27:00 GMT'])(
    'asks for no delay with %j (absent, zero, negative, unparsable or past)',
    (value) => {
      expect(parseRetryAfter(value, NOW)).toBeUndefined();
    },
  );

  it('caps what it honours at one hour, so no timer overflows', () => {
    expect(parseRetryAfter('99999999999', NOW)).toBe(3_600_000);
    expect(parseRetryAfter('Fri, 01 Jan 2100 00:00:00 GMT', NOW)).toBe(3_600_000);
  });
});
