import { http, HttpResponse } from 'msw';
import { ConsulHttpError, fireEvent } from '../../src';
import { maxPayloadBytes } from '../../src/client/options/fire-options';
import { useFakeAgent } from '../helpers/fake-agent';

const agent = useFakeAgent();

describe('fireEvent(name, payload, options)', () => {
  it('PUTs the payload and resolves with the event the agent accepted, which a watcher then lists', async () => {
    const event = await fireEvent('deploy', 'v1.2.3');
    expect(event).toMatchObject({ Name: 'deploy', Payload: 'djEuMi4z', LTime: 0, Version: 1 });
    expect(agent.store.list('deploy').events.map((e) => e.ID)).toEqual([event.ID]);
  });

  it('sends bytes as they are, and no payload as null', async () => {
    const bytes = await fireEvent('blob', new Uint8Array([0, 255, 10]));
    const none = await fireEvent('ping');
    expect(bytes.Payload).toBe('AP8K');
    expect(none.Payload).toBeNull();
  });

  it('sends a JSON value when asked', async () => {
    const event = await fireEvent('config', { flags: ['dark'] }, { json: true });
    expect(Buffer.from(event.Payload!, 'base64').toString()).toBe('{"flags":["dark"]}');
  });

  it('passes node, service, tag and dc as query parameters, and the token only as a header', async () => {
    const seen: Request[] = [];
    agent.server.events.on('request:start', ({ request }) => { seen.push(request.clone()); });
    await fireEvent('deploy', 'x', { node: '^web', service: '^api$', tag: 'canary', dc: 'dc2', token: 'secret-token' });
    const url = new URL(seen.at(-1)!.url);
    expect(url.pathname).toBe('/v1/event/fire/deploy');
    expect(Object.fromEntries(url.searchParams)).toEqual({ node: '^web', service: '^api$', tag: 'canary', dc: 'dc2' });
    expect(seen.at(-1)!.headers.get('x-consul-token')).toBe('secret-token');
    expect(url.href).not.toContain('secret-token');
  });

  it('encodes names with reserved characters in the path', async () => {
    const event = await fireEvent('deploy/web ünï?#', 'x');
    expect(event.Name).toBe('deploy/web ünï?#');
  });

  it('refuses, before sending, a payload over the gossip limit, saying how much fits', async () => {
    const limit = maxPayloadBytes('deploy', {});
    expect(limit).toBeGreaterThan(300);
    expect(limit).toBeLessThan(420);
    await expect(fireEvent('deploy', 'x'.repeat(limit + 1))).rejects.toThrow(
      new RegExp(`fireEvent: payload is ${limit + 1} bytes; .* at most ${limit} bytes fit`),
    );
    await expect(fireEvent('deploy', 'x'.repeat(limit))).resolves.toMatchObject({ Name: 'deploy' });
    expect(agent.store.list('deploy').events).toHaveLength(1);
  });

  it('leaves less room for the payload when the name is longer', () => {
    expect(maxPayloadBytes('a'.repeat(50), {})).toBeLessThan(maxPayloadBytes('a', {}));
  });

  it.each<[string, () => Promise<unknown>, RegExp]>([
    ['an empty name', () => fireEvent(''), /fireEvent: name must be a non-empty string, got ""/],
    ['a tag without a service', () => fireEvent('deploy', 'x', { tag: 'canary' }), /Cannot provide tag filter without service filter/],
    ['a payload that is an object without json', () => fireEvent('deploy', { a: 1 }), /payload must be a string, a Uint8Array or null/],
    ['an unknown option', () => fireEvent('deploy', 'x', { nodes: 'a' } as never), /unknown option "nodes"/],
  ])('rejects %s before sending anything', async (_, fire, message) => {
    await expect(fire()).rejects.toThrow(message);
    expect(agent.store.list().events).toHaveLength(0);
  });

  it('leaves filter patterns to the agent, which reads them as Go RE2: (?i) is fine, a bad one is its 500', async () => {
    await expect(fireEvent('deploy', 'x', { node: '(?i)^CONSUL-' })).resolves.toMatchObject({ NodeFilter: '(?i)^CONSUL-' });
    const failure = fireEvent('deploy', 'x', { node: '(' });
    await expect(failure).rejects.toMatchObject({ status: 500, body: 'Invalid node filter: error parsing regexp: missing closing ): `(`' });
  });

  it('rejects a 403 with the typed error, never retrying', async () => {
    let calls = 0;
    agent.server.use(http.put('*/v1/event/fire/*', () => { calls++; return new HttpResponse('Permission denied', { status: 403 }); }));
    const failure = fireEvent('deploy', 'x', { token: 'tok-123' });
    await expect(failure).rejects.toBeInstanceOf(ConsulHttpError);
    await expect(failure).rejects.toMatchObject({ status: 403, body: 'Permission denied' });
    await expect(failure).rejects.not.toThrow(/tok-123/);
    expect(calls).toBe(1);
  });

  it('does not retry a 500 either: firing twice would deliver twice', async () => {
    let calls = 0;
    agent.server.use(http.put('*/v1/event/fire/*', () => { calls++; return new HttpResponse('rpc error', { status: 500 }); }));
    await expect(fireEvent('deploy', 'x')).rejects.toMatchObject({ status: 500 });
    expect(calls).toBe(1);
  });

  it('rejects with the abort reason when its signal aborts', async () => {
    agent.store.injectFault({ kind: 'hang' }, { route: 'fire' });
    const controller = new AbortController();
    const fired = fireEvent('deploy', 'x', { signal: controller.signal });
    controller.abort(new Error('user cancelled'));
    await expect(fired).rejects.toThrow('user cancelled');
  });
});

describe('fireEvent against a broken agent', () => {
  it.each(['null', '[]', '{"Name":"x"}', 'not json'])('rejects a 200 whose body %s is not the fired event', async (body) => {
    agent.server.use(http.put('*/v1/event/fire/*', () => new HttpResponse(body, { status: 200 })));
    await expect(fireEvent('deploy', 'x')).rejects.toThrow(/Unusable answer from Consul to PUT \/v1\/event\/fire\/deploy: the body is not the fired event as JSON/);
  });
});
