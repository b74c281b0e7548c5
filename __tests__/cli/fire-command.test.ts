import { startConsulEmulator, type ConsulEmulator } from '../../src/testing';
import { runMain } from '../helpers/cli-in-process';

let emulator: ConsulEmulator;
let env: Record<string, string>;
beforeEach(async () => {
  emulator = await startConsulEmulator({ services: [{ name: 'web', tags: ['canary'] }] });
  env = { CONSUL_HTTP_ADDR: `127.0.0.1:${emulator.port}` };
});
afterEach(() => emulator.close());

describe('consul-events fire', () => {
  it('fires with filters and prints the accepted event', async () => {
    const result = await runMain(['fire', 'deploy', 'v2', '--service', '^web$', '--tag', 'canary', '--http-addr', `127.0.0.1:${emulator.port}`]);
    expect(result.code).toBe(0);
    const event = JSON.parse(result.stdout);
    expect(event).toMatchObject({ Name: 'deploy', Payload: 'djI=', ServiceFilter: '^web$', TagFilter: 'canary' });
    expect(emulator.store.list('deploy').events.map((e) => e.ID)).toEqual([event.ID]);
  });

  it('reads the payload from stdin with "-"', async () => {
    const result = await runMain(['fire', 'config', '-'], env, '{"v":2}');
    expect(result.code).toBe(0);
    expect(Buffer.from(JSON.parse(result.stdout).Payload, 'base64').toString()).toBe('{"v":2}');
  });

  it('refuses a payload over the gossip limit before sending', async () => {
    const result = await runMain(['fire', 'deploy', 'x'.repeat(600)], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^consul-events: fireEvent: payload is 600 bytes/);
    expect(emulator.store.list().events).toEqual([]);
  });

  it('exits 2 without a name', async () => {
    const result = await runMain(['fire'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('consul-events: fire needs an event NAME\nRun "consul-events fire --help" for usage.\n');
  });
});
