import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startConsulEmulator, type ConsulEmulator } from '../../src/testing';
import { runMain, startMain, waitForOutput } from '../helpers/cli-in-process';
import { startCli, waitForLines } from '../helpers/cli-process';
import { eventually } from '../helpers/eventually';

let emulator: ConsulEmulator;
let env: Record<string, string>;
beforeEach(async () => {
  emulator = await startConsulEmulator();
  env = { CONSUL_HTTP_ADDR: `127.0.0.1:${emulator.port}` };
});
afterEach(() => emulator.close());

describe('consul-events watch', () => {
  it('prints each event once as a JSON line with the payload as text, and exits 0 when stopped', async () => {
    const old = emulator.fire('deploy', 'v1');
    emulator.fire('other', 'ignored');
    const run = startMain(['watch', 'deploy'], env);
    await waitForOutput(run, 1);
    await eventually(() => emulator.store.pendingWaits === 1);
    const fresh = emulator.fire('deploy', new Uint8Array([0xff, 0xfe]));
    const lines = await waitForOutput(run, 2);
    expect(JSON.parse(lines[0]!)).toMatchObject({ ID: old.ID, Name: 'deploy', Payload: 'v1', PayloadEncoding: 'utf-8' });
    expect(JSON.parse(lines[1]!)).toMatchObject({ ID: fresh.ID, Payload: '//4=', PayloadEncoding: 'base64' });
    run.stop();
    expect(await run.exited).toBe(0);
    await eventually(() => emulator.openListRequests === 0);
    expect(run.lines()).toHaveLength(2);
  });

  it('watches several names over one long-poll, each event once, and skips the backlog with --from-now', async () => {
    emulator.fire('deploy', 'old');
    const run = startMain(['watch', 'deploy', 'restart', 'deploy', '--from-now'], env);
    await eventually(() => emulator.store.pendingWaits === 1);
    emulator.fire('restart', 'r');
    emulator.fire('deploy', 'd');
    const lines = await waitForOutput(run, 2);
    expect(lines.map((line) => JSON.parse(line).Payload).sort()).toEqual(['d', 'r']);
    run.stop();
    expect(await run.exited).toBe(0);
  });

  it('prints one line and exits 1 when the agent refuses the token, without echoing it', async () => {
    await emulator.close();
    emulator = await startConsulEmulator({ acl: { tokens: { good: { read: '*' } } } });
    const result = await runMain(['watch', 'deploy', '--token', 'bad-token-value', '--http-addr', `127.0.0.1:${emulator.port}`]);
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n').slice(-2)).toEqual(['consul-events: Consul answered 403 to GET /v1/event/list?wait=60s: ACL not found', '']);
    expect(result.stderr).not.toContain('bad-token-value');
  });
});

describe('consul-events watch (the built bin)', () => {
  it('prints each event as a JSON line and exits 0 on SIGTERM', async () => {
    const old = emulator.fire('deploy', 'v1');
    const cli = startCli(['watch', 'deploy'], env);
    await waitForLines(cli, 1);
    await eventually(() => emulator.store.pendingWaits === 1);
    const fresh = emulator.fire('deploy', 'v2');
    const lines = await waitForLines(cli, 2);
    expect(lines.map((line) => JSON.parse(line).ID)).toEqual([old.ID, fresh.ID]);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    await eventually(() => emulator.openListRequests === 0);
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
});

describe('consul-events watch: what it is doing, on stderr', () => {
  it('says what it watches and where, and that the agent hides events from its token; --quiet says nothing', async () => {
    await emulator.close();
    emulator = await startConsulEmulator({ acl: { tokens: { reader: { read: ['deploy'] } } } });
    emulator.fire('secret', 'hidden');
    const deploy = emulator.fire('deploy', 'v1');
    const args = ['watch', '--token', 'reader', '--http-addr', `127.0.0.1:${emulator.port}`];

    const loud = startMain(args);
    const quiet = startMain([...args, '--quiet']);
    await Promise.all([waitForOutput(loud, 1), waitForOutput(quiet, 1)]);
    loud.stop();
    quiet.stop();
    expect([await loud.exited, await quiet.exited]).toEqual([0, 0]);
    expect(loud.lines().map((line) => JSON.parse(line).ID)).toEqual([deploy.ID]);
    expect(loud.errorLines()).toEqual([
      `consul-events: watching every event on http://127.0.0.1:${emulator.port}, the agent's buffered events first`,
      'consul-events: the agent hides events this token may not read (X-Consul-Results-Filtered-By-ACLs); they are not errors, they never arrive',
    ]);
    expect(quiet.stdout).toBe(loud.stdout);
    expect(quiet.stderr).toBe('');
  });
});

describe('consul-events watch (the built bin) on an agent it cannot reach', () => {
  it('says where it watches and that it retries, and why, on stderr; stdout stays empty', async () => {
    const cli = startCli(['watch', 'deploy', '--http-addr', '127.0.0.1:1', '--from-now']);
    await eventually(() => cli.errorLines().length >= 2);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(cli.errorLines()).toEqual([
      'consul-events: watching "deploy" on http://127.0.0.1:1, events fired from now on',
      expect.stringMatching(/^consul-events: retrying in \d\.\d s \(attempt 1\): Could not reach Consul for GET \/v1\/event\/list\?wait=60s: connect ECONNREFUSED 127\.0\.0\.1:1 \(retries for the same reason are not shown\)$/),
    ]);
    expect(cli.stdout).toBe('');
  });
});
