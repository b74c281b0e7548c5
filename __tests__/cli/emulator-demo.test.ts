import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMain, startMain, waitForOutput } from '../helpers/cli-in-process';
import { runCli, startCli, waitForLines } from '../helpers/cli-process';

describe('consul-events emulator (the built bin)', () => {
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
    const result = await runMain(['emulator', '--port', '0', '--acl-file', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('consul-events: acl.tokens must be an object mapping each token to its rules, got undefined\n');
  });
});

describe('consul-events demo (npm start)', () => {
  it('starts its own emulator, prints the events it fires as they arrive, and exits 0 when stopped', async () => {
    const run = startMain(['demo']);
    const lines = await waitForOutput(run, 3);
    expect(lines.map((line) => JSON.parse(line).Name)).toEqual(['deploy', 'restart', 'config']);
    expect(run.stderr).toMatch(/Started an emulated Consul agent at http:\/\/127\.0\.0\.1:\d+/);
    run.stop();
    expect(await run.exited).toBe(0);
  });
});
