import { createServer, type Server } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startConsulEmulator, type ConsulEmulator } from '../../src/testing';
import { runMain } from '../helpers/cli-in-process';
import { startCli, waitForLines } from '../helpers/cli-process';
import { eventually } from '../helpers/eventually';

const fixtures = join(__dirname, '..', 'testing', 'fixtures');

describe('consul-events watch: usage errors name the CLI\'s flags and exit 2', () => {
  it.each([
    [['--timeout', 'abc'], 'consul-events: --timeout must be a number of seconds above 0 and at most 600, got "abc"'],
    [['--timeout', '0'], 'consul-events: --timeout must be a number of seconds above 0 and at most 600, got "0"'],
    [['--timeout', '601'], 'consul-events: --timeout must be a number of seconds above 0 and at most 600, got "601"'],
    [['--http-addr', 'unix:///tmp/consul.sock'], 'consul-events: --http-addr must use http or https (unix sockets are not supported), got "unix:///tmp/consul.sock"'],
    [['--token-file', '/nonexistent/token'], expect.stringMatching(/^consul-events: --token-file names "\/nonexistent\/token", which cannot be read: ENOENT/)],
    [['--ca-file', '/nonexistent/ca.pem'], expect.stringMatching(/^consul-events: --ca-file names "\/nonexistent\/ca.pem", which cannot be read: ENOENT/)],
    [[''], 'consul-events: an event NAME cannot be empty'],
  ])('watch deploy %j', async (args, line) => {
    const result = await runMain(['watch', 'deploy', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')).toEqual([line, 'Run "consul-events watch --help" for usage.', '']);
  });
});

describe('consul-events watch ends for good with exit 1', () => {
  let emulator: ConsulEmulator | undefined;
  afterEach(() => emulator?.close());

  it('on an agent whose certificate it cannot verify', async () => {
    emulator = await startConsulEmulator({ tls: { cert: readFileSync(join(fixtures, 'localhost-cert.pem')), key: readFileSync(join(fixtures, 'localhost-key.pem')) } });
    const result = await runMain(['watch', 'deploy', '--quiet', '--http-addr', `https://127.0.0.1:${emulator.port}`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^consul-events: .*certificate/);
  });
});

describe('consul-events watch (the built bin) when its output or its agent goes away', () => {
  let emulator: ConsulEmulator | undefined;
  let server: Server | undefined;
  afterEach(async () => {
    await emulator?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    emulator = server = undefined;
  });

  it('exits 0 quietly when the reader of its output goes away (| head -1)', async () => {
    emulator = await startConsulEmulator();
    emulator.fire('deploy', 'v1');
    const cli = startCli(['watch', 'deploy', '--quiet', '--http-addr', `127.0.0.1:${emulator.port}`]);
    await waitForLines(cli, 1);
    cli.child.stdout.destroy();
    await eventually(() => emulator!.store.pendingWaits === 1);
    emulator.fire('deploy', 'v2');
    expect(await cli.exited).toBe(0);
    expect(cli.stderr).toBe('');
  });

  it('retries, and so never exits, after a connection that closed without an answer (a 101 Switching Protocols)', async () => {
    const requests: number[] = [];
    server = createServer((socket) => socket.once('data', () => {
      requests.push(Date.now());
      socket.end('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
    }));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const cli = startCli(['watch', 'deploy', '--http-addr', `127.0.0.1:${port}`]);
    let code: number | string | undefined;
    void cli.exited.then((exited) => (code = exited));
    await eventually(() => code !== undefined || requests.length >= 2);
    expect(code).toBeUndefined();
    expect(cli.stderr).toMatch(/consul-events: retrying in .*the connection closed before a complete answer/);
  });
});
