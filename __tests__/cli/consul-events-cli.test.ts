import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startConsulEmulator, type ConsulEmulator } from '../../src/testing';
import { runCli, startCli, waitForLines } from '../helpers/cli-process';
import { eventually } from '../helpers/fake-agent';

// Child processes start through ts-node: allow them a few seconds on a loaded machine.
jest.setTimeout(20_000);

let emulator: ConsulEmulator;
let env: Record<string, string>;
beforeEach(async () => {
  emulator = await startConsulEmulator();
  env = { CONSUL_HTTP_ADDR: `127.0.0.1:${emulator.port}` };
});
afterEach(() => emulator.close());

describe('consul-events watch', () => {
  it('prints each event once as a JSON line with the payload as text, and exits 0 on SIGTERM', async () => {
    const old = emulator.fire('deploy', 'v1');
    emulator.fire('other', 'ignored');
    const cli = startCli(['watch', 'deploy'], env);
    await waitForLines(cli, 1);
    await eventually(() => emulator.store.pendingWaits === 1);
    const fresh = emulator.fire('deploy', new Uint8Array([0xff, 0xfe]));
    const lines = await waitForLines(cli, 2);
    expect(JSON.parse(lines[0]!)).toMatchObject({ ID: old.ID, Name: 'deploy', Payload: 'v1', PayloadEncoding: 'utf-8' });
    expect(JSON.parse(lines[1]!)).toMatchObject({ ID: fresh.ID, Payload: '//4=', PayloadEncoding: 'base64' });
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    await eventually(() => emulator.openListRequests === 0);
    expect(cli.lines()).toHaveLength(2);
  });

  it('watches several names over one long-poll, each event once, and skips the backlog with --from-now', async () => {
    emulator.fire('deploy', 'old');
    const cli = startCli(['watch', 'deploy', 'restart', 'deploy', '--from-now'], env);
    await eventually(() => emulator.store.pendingWaits === 1);
    emulator.fire('restart', 'r');
    emulator.fire('deploy', 'd');
    const lines = await waitForLines(cli, 2);
    expect(lines.map((line) => JSON.parse(line).Payload).sort()).toEqual(['d', 'r']);
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
  });

  it('runs --exec per event with the payload on stdin and the event in the environment, never the token', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'consul-exec-')), 'handled.txt');
    const token = 'super-secret-token';
    const cli = startCli(
      ['watch', 'deploy', '--exec', `echo "$CONSUL_EVENT_NAME $CONSUL_EVENT_ID [$CONSUL_HTTP_TOKEN] $(cat)" >> ${out}`],
      { ...env, CONSUL_HTTP_TOKEN: token },
    );
    await eventually(() => emulator.store.pendingWaits === 1);
    const first = emulator.fire('deploy', 'one');
    const second = emulator.fire('deploy', 'two');
    await eventually(() => {
      try { return readFileSync(out, 'utf8').split('\n').length === 3; } catch { return false; }
    });
    expect(readFileSync(out, 'utf8')).toBe(`deploy ${first.ID} [] one\ndeploy ${second.ID} [] two\n`);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(cli.stdout + cli.stderr).not.toContain(token);
  });

  it('prints one line and exits 1 when the agent refuses the token, without echoing it', async () => {
    await emulator.close();
    emulator = await startConsulEmulator({ acl: { tokens: { good: { read: '*' } } } });
    const result = await runCli(['watch', 'deploy', '--token', 'bad-token-value', '--http-addr', `127.0.0.1:${emulator.port}`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^consul-events: Consul answered 403 to GET \/v1\/event\/list\?wait=60s: ACL not found\n$/);
    expect(result.stderr).not.toContain('bad-token-value');
  });

  it('exits 1 with one line for a bad address, and prints the stack only with --debug', async () => {
    const plain = await runCli(['watch'], { CONSUL_HTTP_ADDR: 'unix:///tmp/consul.sock' });
    expect(plain.code).toBe(1);
    expect(plain.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^consul-events: CONSUL_HTTP_ADDR must use http or https/)]);
    const debug = await runCli(['watch', '--debug'], { CONSUL_HTTP_ADDR: 'unix:///tmp/consul.sock' });
    expect(debug.stderr).toMatch(/TypeError: CONSUL_HTTP_ADDR .*\n\s+at /);
  });

  it('exits 2 with a hint on an unknown flag', async () => {
    const result = await runCli(['watch', '--no-such-flag'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Unknown option '--no-such-flag'[\s\S]*Run "consul-events watch --help" for usage\./);
  });
});

describe('consul-events fire', () => {
  it('fires with filters and prints the accepted event', async () => {
    await emulator.close();
    emulator = await startConsulEmulator({ services: [{ name: 'web', tags: ['canary'] }] });
    const result = await runCli(['fire', 'deploy', 'v2', '--service', '^web$', '--tag', 'canary', '--http-addr', `127.0.0.1:${emulator.port}`]);
    expect(result.code).toBe(0);
    const event = JSON.parse(result.stdout);
    expect(event).toMatchObject({ Name: 'deploy', Payload: 'djI=', ServiceFilter: '^web$', TagFilter: 'canary' });
    expect(emulator.store.list('deploy').events.map((e) => e.ID)).toEqual([event.ID]);
  });

  it('reads the payload from stdin with "-"', async () => {
    const result = await runCli(['fire', 'config', '-'], env, '{"v":2}');
    expect(result.code).toBe(0);
    expect(Buffer.from(JSON.parse(result.stdout).Payload, 'base64').toString()).toBe('{"v":2}');
  });

  it('refuses a payload over the gossip limit before sending', async () => {
    const result = await runCli(['fire', 'deploy', 'x'.repeat(600)], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^consul-events: fireEvent: payload is 600 bytes/);
    expect(emulator.store.list().events).toEqual([]);
  });

  it('exits 2 without a name', async () => {
    expect((await runCli(['fire'], env)).code).toBe(2);
  });
});

describe('consul-events emulator', () => {
  it('says where it listens, serves the event API, and exits 0 on SIGINT', async () => {
    const cli = startCli(['emulator', '--port', '0']);
    const [line] = await waitForLines(cli, 1);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line!)![1]!;
    const fired = await runCli(['fire', 'deploy', 'hello', '--http-addr', url]);
    expect(fired.code).toBe(0);
    const listed = await (await fetch(`${url}/v1/event/list?name=deploy`)).json();
    expect(listed).toHaveLength(1);
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
  });
});

describe('consul-events emulator --acl-file', () => {
  it('refuses an ACL file of the wrong shape at start, in one line', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'consul-acl-')), 'acl.json');
    writeFileSync(file, JSON.stringify({ token: { secret: { read: '*' } } }));
    const result = await runCli(['emulator', '--port', '0', '--acl-file', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('consul-events: acl.tokens must be an object mapping each token to its rules, got undefined\n');
  });
});

describe('consul-events demo (npm start)', () => {
  it('starts its own emulator, prints the events it fires as they arrive, and exits 0 on SIGINT', async () => {
    const cli = startCli(['demo']);
    const lines = await waitForLines(cli, 3);
    expect(lines.map((line) => JSON.parse(line).Name)).toEqual(['deploy', 'restart', 'config']);
    expect(cli.stderr).toMatch(/Started an emulated Consul agent at http:\/\/127\.0\.0\.1:\d+/);
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
  });
});

describe('consul-events --help', () => {
  it.each(['watch', 'fire', 'emulator', 'demo'])('shows usage and examples for %s', async (command) => {
    const result = await runCli([command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`Usage: consul-events ${command}`));
  });
});
