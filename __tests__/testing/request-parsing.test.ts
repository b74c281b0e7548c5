import { answerEventRequest, ConsulEventStore } from '../../src/testing';
import { decodePercentEncoded } from '../../src/testing/percent-decoding';
import { requestToken } from '../../src/testing/request-token';

describe('requestToken(query, headers)', () => {
  const token = (query: string, headers: Record<string, string>) => requestToken(new URLSearchParams(query), new Headers(headers));

  it('reads ?token=, then X-Consul-Token, then Authorization: Bearer, in that order', () => {
    expect(token('token=q', { 'X-Consul-Token': 'h', Authorization: 'Bearer b' })).toBe('q');
    expect(token('', { 'X-Consul-Token': 'h', Authorization: 'Bearer b' })).toBe('h');
    expect(token('', { Authorization: 'Bearer b' })).toBe('b');
  });

  it('takes the bearer scheme case-insensitively and only the first word of its value', () => {
    expect(token('', { Authorization: 'bearer  b  extra' })).toBe('b');
  });

  it('is empty without a token or with another scheme', () => {
    expect(token('', {})).toBe('');
    expect(token('', { Authorization: 'Basic dXNlcjpwYXNz' })).toBe('');
    expect(token('', { Authorization: 'Bearer' })).toBe('');
  });
});

describe('decodePercentEncoded(raw)', () => {
  it('decodes escapes as UTF-8 and keeps + as a plus', () => {
    expect(decodePercentEncoded('a%2Fb%20c+d%C3%A9')).toBe('a/b c+dé');
  });

  it('turns invalid UTF-8 into U+FFFD and leaves malformed escapes as written', () => {
    expect(decodePercentEncoded('%FF%zz%4')).toBe('\uFFFD%zz%4');
  });
});

describe('answerEventRequest(store, request)', () => {
  const store = new ConsulEventStore();
  afterAll(() => store.close());
  const request = (target: string) => ({ method: 'GET', target, headers: new Headers(), body: null });

  it('returns undefined for a path that is not an event endpoint', async () => {
    for (const target of ['/', '/v1/kv/deploy', '/v1/event/list/extra', '/v1/event/fire']) {
      await expect(answerEventRequest(store, request(target))).resolves.toBeUndefined();
    }
  });

  it('routes on the decoded path, as Go does', async () => {
    await expect(answerEventRequest(store, request('/v1/event/%6Cist'))).resolves.toMatchObject({ status: 200, body: '[]' });
  });
});
