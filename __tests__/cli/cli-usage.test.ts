import { runMain } from '../helpers/cli-in-process';

describe('consul-events --help', () => {
  it.each(['watch', 'fire', 'emulator', 'demo'])('shows usage and examples for %s, exit 0', async (command) => {
    const result = await runMain([command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: consul-events ${command}[\\s\\S]*Examples:\\n  consul-events ${command}`));
  });

  it('lists the commands, exit 0 with --help and 2 without a command', async () => {
    const help = await runMain(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: consul-events <command>[\s\S]*watch[\s\S]*fire[\s\S]*emulator[\s\S]*demo/);
    expect((await runMain([])).code).toBe(2);
  });
});

describe('consul-events usage errors', () => {
  it('exits 2 on an unknown command, listing the commands', async () => {
    const result = await runMain(['wach']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^consul-events: unknown command "wach"\nUsage: consul-events <command>/);
  });

  it('exits 2 with a hint on an unknown flag', async () => {
    const result = await runMain(['watch', '--no-such-flag']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Unknown option '--no-such-flag'[\s\S]*Run "consul-events watch --help" for usage\./);
  });
});

describe('consul-events with a bad CONSUL_* variable', () => {
  it('exits 1 with one line naming the variable, and prints the stack only with --debug', async () => {
    const env = { CONSUL_HTTP_ADDR: 'unix:///tmp/consul.sock' };
    const plain = await runMain(['watch'], env);
    expect(plain.code).toBe(1);
    expect(plain.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^consul-events: CONSUL_HTTP_ADDR must use http or https/)]);
    const debug = await runMain(['watch', '--debug'], env);
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/TypeError: CONSUL_HTTP_ADDR .*\n\s+at /);
  });
});

describe('consul-events watch --help', () => {
  it('warns that --exec handlers could read a token given with --token or CONSUL_HTTP_TOKEN, and recommends --token-file', async () => {
    const { stdout } = await runMain(['watch', '--help']);
    expect(stdout.replace(/\s+/g, ' ')).toContain(
      'CMD runs as the same user as this CLI: the token is never passed to it, but it could read one given with --token (the command line) or in CONSUL_HTTP_TOKEN (/proc/<pid>/environ): use --token-file',
    );
  });
});
