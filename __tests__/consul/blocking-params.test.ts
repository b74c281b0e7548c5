import { MAX_QUERY_TIME_MS, parseBlockingParams } from '../../src/consul/blocking-params';
import { parseConsulIndex } from '../../src/consul/consul-index';

describe('parseBlockingParams(wait, index)', () => {
  it('waits 600s (the cap) when wait is absent, empty or zero', () => {
    expect(MAX_QUERY_TIME_MS).toBe(600_000);
    for (const wait of [null, undefined, '', '0', '0s', '-0']) {
      expect(parseBlockingParams(wait, '42')).toEqual({ index: '42', waitMs: 600_000 });
    }
  });

  it('uses a Go duration as given when within the cap', () => {
    expect(parseBlockingParams('1m30s', '42')).toEqual({ index: '42', waitMs: 90_000 });
    expect(parseBlockingParams('250ms', '42')).toEqual({ index: '42', waitMs: 250 });
  });

  it('caps a longer wait at 600s', () => {
    expect(parseBlockingParams('11m', '42')).toEqual({ index: '42', waitMs: 600_000 });
    expect(parseBlockingParams('24h', '42')).toEqual({ index: '42', waitMs: 600_000 });
  });

  it('sets no time limit for a negative wait (Consul starts no timer then)', () => {
    expect(parseBlockingParams('-1s', '42')).toEqual({ index: '42', waitMs: Infinity });
  });

  it('answers "Invalid wait time" for a bare number and other non-durations', () => {
    for (const wait of ['30', '1h30', 'soon']) {
      expect(parseBlockingParams(wait, '42')).toEqual({ error: 'Invalid wait time' });
    }
  });

  it('answers "Invalid index" for an index that is not a uint64', () => {
    for (const index of ['-1', '+1', 'abc', '1.5', '18446744073709551616', ' 1']) {
      expect(parseBlockingParams('1s', index)).toEqual({ error: 'Invalid index' });
    }
  });

  it('checks wait before index, as the agent does', () => {
    expect(parseBlockingParams('30', 'abc')).toEqual({ error: 'Invalid wait time' });
  });

  it('treats an absent or empty index as "no index" and keeps 0 (both never block)', () => {
    expect(parseBlockingParams('5s', null)).toEqual({ index: undefined, waitMs: 5_000 });
    expect(parseBlockingParams('5s', '')).toEqual({ index: undefined, waitMs: 5_000 });
    expect(parseBlockingParams('5s', '0')).toEqual({ index: '0', waitMs: 5_000 });
  });
});

describe('parseConsulIndex(index)', () => {
  it('keeps indexes above 2^53 exact, as strings', () => {
    expect(parseConsulIndex('12463707457861586267')).toBe('12463707457861586267');
    expect(parseConsulIndex('18446744073709551615')).toBe('18446744073709551615');
  });

  it('reads leading zeros as Go does (007 is 7)', () => {
    expect(parseConsulIndex('007')).toBe('7');
  });
});
