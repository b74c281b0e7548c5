import { isMalformedGoQuery } from '../../src/consul/go-query';

describe('isMalformedGoQuery(rawQuery)', () => {
  it.each([
    ['', false],
    ['name=deploy&index=42&wait=30s', false],
    ['name=a%2Fb+c&x', false],
    ['name=deploy;index=42', true],
    ['name=%zz', true],
    ['name=%4', true],
    ['%', true],
  ])('%j → %s, as url.ParseQuery fails', (query, malformed) => {
    expect(isMalformedGoQuery(query)).toBe(malformed);
  });
});
