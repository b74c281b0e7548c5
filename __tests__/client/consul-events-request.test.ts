import { http, HttpResponse } from 'msw';
import { consulEvents$ } from '../../src';
import { collect, fastRetry, indexOf, useFakeAgent } from '../helpers/fake-agent';

const agent = useFakeAgent();

describe('consulEvents$(name, options): the request it sends', () => {
  it('asks GET /v1/event/list for every event (the shared poll), with wait from timeout and no index at first', async () => {
    const watch = collect(consulEvents$('deploy', { timeout: 30 }));
    const first = await agent.requestCount(1);
    watch.stop();
    expect(first.url.origin).toBe('http://127.0.0.1:8500');
    expect(first.url.searchParams.has('name')).toBe(false);
    expect(first.url.searchParams.get('wait')).toBe('30s');
    expect(indexOf(first)).toBeNull();
  });

  it('with shared: false and one name, lets the agent filter by that name', async () => {
    const watch = collect(consulEvents$('deploy', { shared: false }));
    const first = await agent.requestCount(1);
    watch.stop();
    expect(first.url.searchParams.get('name')).toBe('deploy');
  });

  it('writes a fractional timeout as milliseconds and defaults to 60s', async () => {
    const half = collect(consulEvents$('a', { timeout: 0.5 }));
    expect((await agent.requestCount(1)).url.searchParams.get('wait')).toBe('500ms');
    half.stop();
    const byDefault = collect(consulEvents$('a'));
    expect((await agent.requestCount(2)).url.searchParams.get('wait')).toBe('60s');
    byDefault.stop();
  });

  it('omits name when none is given, to watch every event', async () => {
    const watch = collect(consulEvents$());
    const first = await agent.requestCount(1);
    watch.stop();
    expect(first.url.searchParams.has('name')).toBe(false);
  });

  it('percent-encodes names with reserved characters', async () => {
    const watch = collect(consulEvents$('deploy/web?v=2 #1 ünï', { shared: false }));
    const first = await agent.requestCount(1);
    watch.stop();
    expect(first.url.searchParams.get('name')).toBe('deploy/web?v=2 #1 ünï');
  });

  it('sends back the previous X-Consul-Index on the next request', async () => {
    const fired = agent.store.fire('deploy', 'v1');
    const watch = collect(consulEvents$('deploy'));
    const second = await agent.requestCount(2);
    watch.stop();
    expect(indexOf(second)).toBe(agent.store.list().index);
    expect(watch.values.map((e) => e.ID)).toEqual([fired.ID]);
  });

  it('keeps an index above 2^53 exact, byte for byte (never a JS number)', async () => {
    const huge = '18446744073709551557'; // 2^64 - 59: a float would send 18446744073709552000
    let release = () => {};
    agent.server.use(
      http.get('*/v1/event/list', ({ request }) =>
        new URL(request.url).searchParams.get('index') === huge
          ? new Promise<Response>((resolve) => { release = () => resolve(HttpResponse.json([])); }) // blocks, like an agent with nothing new
          : HttpResponse.json([], { headers: { 'X-Consul-Index': huge } })),
    );
    const watch = collect(consulEvents$('deploy', { retry: fastRetry }));
    const second = await agent.requestCount(2);
    watch.stop();
    release();
    expect(indexOf(second)).toBe(huge);
  });

  it('sends the token only in X-Consul-Token, never in the URL', async () => {
    const token = 'e95b599e-166e-7d80-08ad-aee76e7ddf19';
    const watch = collect(consulEvents$('deploy', { token }));
    const first = await agent.requestCount(1);
    watch.stop();
    expect(first.headers.get('x-consul-token')).toBe(token);
    expect(first.url.href).not.toContain(token);
  });

  it('sends no token header when there is no token', async () => {
    const watch = collect(consulEvents$('deploy'));
    const first = await agent.requestCount(1);
    watch.stop();
    expect(first.headers.has('x-consul-token')).toBe(false);
  });

  it('takes the agent address and token from CONSUL_HTTP_ADDR and CONSUL_HTTP_TOKEN', async () => {
    process.env.CONSUL_HTTP_ADDR = 'https://consul.example:8501';
    process.env.CONSUL_HTTP_TOKEN = 'env-token';
    try {
      const watch = collect(consulEvents$('deploy'));
      const first = await agent.requestCount(1);
      watch.stop();
      expect(first.url.origin).toBe('https://consul.example:8501');
      expect(first.headers.get('x-consul-token')).toBe('env-token');
    } finally {
      delete process.env.CONSUL_HTTP_ADDR;
      delete process.env.CONSUL_HTTP_TOKEN;
    }
  });
});
