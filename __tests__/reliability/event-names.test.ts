import { consulEvents$, fireEvent } from '../../src';
import { startConsulEmulator, type ConsulEmulator } from '../../src/testing';
import { startHostileAgent, type HostileAgent } from './helpers/hostile-agent';
import { watchUntil } from './helpers/watch';

/** Names with every character that means something in a URL, plus spaces and non-ASCII. */
const NAMES = ['deploy/web', 'a?b=c&d', 'release#2', '100%', '%2F', 'with space', 'plus+sign', 'ünïcødé', '部署 🚀', "quote'\"<>"];

describe('event names in list and fire: encoded so the agent reads back exactly the name', () => {
  let emulator: ConsulEmulator;
  beforeEach(async () => {
    emulator = await startConsulEmulator();
    emulator.fire('deploy', 'a neighbour whose name is a prefix of some of the others');
  });
  afterEach(() => emulator.close());

  it.each(NAMES)('%s', async (name) => {
    const fired = await fireEvent(name, 'x', { port: emulator.port });
    expect(fired.Name).toBe(name);
    expect(emulator.store.list(name).events.map((e) => e.ID)).toEqual([fired.ID]);
    const filtered = await watchUntil(emulator.port, (r) => r.events.length === 1, name);
    const several = await watchUntil(emulator.port, (r) => r.events.length === 1, [name, 'none']);
    expect(filtered.events.map((e) => e.ID)).toEqual([fired.ID]);
    expect(several.events.map((e) => e.ID)).toEqual([fired.ID]);
  });
});

const listedName = (url: string) => new URL(url, 'http://agent').searchParams.get('name');

describe('event names on the wire', () => {
  let agent: HostileAgent;
  beforeEach(async () => {
    agent = await startHostileAgent();
  });
  afterEach(() => agent.close());

  it('puts no raw /, ?, #, %, space or non-ASCII byte in the fire path or the list query', async () => {
    agent.respond = (req, res) => {
      if (req.method === 'PUT') res.writeHead(200).end(JSON.stringify({ ID: 'x', Name: 'x', Payload: null }));
      else res.writeHead(200, { 'X-Consul-Index': '1' }).end('[]');
    };
    for (const name of NAMES) {
      await fireEvent(name, undefined, { port: agent.port });
      await watchUntil(agent.port, () => agent.requests.some((r) => r.method === 'GET' && listedName(r.url) === name), name, { shared: false });
    }
    const fires = agent.requests.filter((r) => r.method === 'PUT').map((r) => r.url);
    const lists = agent.requests.filter((r) => r.method === 'GET').map((r) => listedName(r.url));
    expect(fires).toEqual(NAMES.map((name) => `/v1/event/fire/${encodeURIComponent(name)}`));
    expect(new Set(lists)).toEqual(new Set(NAMES));
    for (const url of agent.requests.map((r) => r.url)) expect(url).toMatch(/^\/v1\/event\/(fire\/[^/?#\s]+|list\?[^#\s]+)$/);
    for (const url of agent.requests.map((r) => r.url)) expect(url).toMatch(/^[\x21-\x7e]+$/);
  });

  it('refuses an empty name on fire before sending anything', async () => {
    await expect(fireEvent('', 'x', { port: agent.port })).rejects.toThrow(/fireEvent: name must be a non-empty string, got ""/);
    await expect(fireEvent(undefined as unknown as string, 'x', { port: agent.port })).rejects.toThrow(TypeError);
    expect(agent.requests).toEqual([]);
  });

  it.each(['.', '..'])('refuses to fire the name %j before sending anything: URL paths drop it as a directory step', async (name) => {
    await expect(fireEvent(name, 'x', { port: agent.port })).rejects.toThrow(
      new TypeError(`fireEvent: name must be an event name an agent's HTTP router can reach ("." and ".." are path steps that URLs drop), got ${JSON.stringify(name)}`),
    );
    expect(agent.requests).toEqual([]);
  });

  it('fires names that merely contain dots', async () => {
    agent.respond = (_req, res) => res.writeHead(200).end(JSON.stringify({ ID: 'x', Name: 'x', Payload: null }));
    for (const name of ['...', '.deploy', 'v1.2', '../x']) await fireEvent(name, undefined, { port: agent.port });
    expect(agent.requests.map((r) => r.url)).toEqual(['/v1/event/fire/...', '/v1/event/fire/.deploy', '/v1/event/fire/v1.2', '/v1/event/fire/..%2Fx']);
  });

  it('refuses an empty name to watch when called (omit the name to watch every event)', () => {
    expect(() => consulEvents$('', { port: agent.port })).toThrow(/consulEvents\$: name must be a non-empty string, got ""/);
    expect(() => consulEvents$(['deploy', ''], { port: agent.port })).toThrow(/names\[1\] must be a non-empty string/);
    expect(agent.requests).toEqual([]);
  });

  it('refuses a name with a lone UTF-16 surrogate when called, naming it; nothing sent', async () => {
    await expect(fireEvent('bad\uD800name', 'x', { port: agent.port })).rejects.toThrow(/fireEvent: name must be well-formed Unicode/);
    expect(() => consulEvents$('bad\uD800name', { port: agent.port })).toThrow(/consulEvents\$: name must be well-formed Unicode/);
    expect(() => consulEvents$(['ok', 'bad\uD800'], { port: agent.port })).toThrow(/names\[1\] must be well-formed Unicode/);
    expect(agent.requests).toEqual([]);
  });
});
