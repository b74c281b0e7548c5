import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startConsulEmulator, type ConsulEmulator } from '../../src/testing';
import { runCli, startCli } from '../helpers/cli-process';
import { listedEvent, startHostileAgent, type HostileAgent } from './helpers/hostile-agent';
import { eventually } from '../helpers/eventually';

// Child processes start through ts-node: allow them a few seconds on a loaded machine.
jest.setTimeout(30_000);

const TOKEN = 'c11c11c1-5ec2-4e7a-9ead-beefcafe0002';
const tempDir = () => mkdtempSync(join(tmpdir(), 'rx-consul-cli-'));
/** A proxy that puts the request headers (the token among them) into its error page. */
const echoing = (status: number) => (req: IncomingMessage, res: ServerResponse) =>
  res.writeHead(status).end(`error; your request headers were ${JSON.stringify(req.headers)}`);

let emulator: ConsulEmulator;
let proxy: HostileAgent;
beforeEach(async () => {
  [emulator, proxy] = await Promise.all([
    startConsulEmulator({ acl: { tokens: { [TOKEN]: { read: '*', write: '*' } } } }),
    startHostileAgent(),
  ]);
});
afterEach(() => Promise.all([emulator.close(), proxy.close()]));

describe('consul-events never shows the ACL token: not in its output, its errors (even --debug stacks), nor an --exec handler\'s environment', () => {
  it('watch --exec, token from CONSUL_HTTP_TOKEN; a NUL in a fired filter does not stop the handlers', async () => {
    const dir = tempDir();
    const handler = `n=$(ls ${dir} | wc -l); env > ${dir}/env-$n.txt; cat > ${dir}/stdin-$n.txt`;
    const watch = startCli(['watch', 'deploy', '--exec', handler], { CONSUL_HTTP_ADDR: `127.0.0.1:${emulator.port}`, CONSUL_HTTP_TOKEN: TOKEN });
    await eventually(() => emulator.store.pendingWaits === 1, { limitMs: 15_000 });
    emulator.fire('deploy', 'first');
    emulator.fire('deploy', 'second', { node: '.*\u0000?' }); // stored: the regex still matches this agent
    await eventually(() => readdirSync(dir).filter((f) => f.startsWith('stdin-')).length === 2, { limitMs: 15_000 });
    watch.child.kill('SIGTERM');
    expect(await watch.exited).toBe(0);

    const envs = readdirSync(dir).filter((f) => f.startsWith('env-')).sort().map((f) => readFileSync(join(dir, f), 'utf8'));
    expect(envs).toHaveLength(2);
    expect(envs.join('\n')).not.toContain(TOKEN);
    expect(envs.join('\n')).not.toMatch(/^CONSUL_HTTP_TOKEN/m);
    expect(envs[1]).toContain('CONSUL_EVENT_NODE_FILTER=.*\uFFFD?');
    expect(watch.stdout + watch.stderr).not.toContain(TOKEN);
  });

  it('watch --token-file --debug, and fire --token --debug, against a proxy that echoes the headers back', async () => {
    const file = join(tempDir(), 'token');
    writeFileSync(file, `${TOKEN}\n`);
    proxy.respond = (req, res) => echoing(req.method === 'PUT' ? 500 : 403)(req, res);
    const address = `127.0.0.1:${proxy.port}`;
    const [watch, fire] = await Promise.all([
      runCli(['watch', 'deploy', '--token-file', file, '--debug', '--http-addr', address]),
      runCli(['fire', 'deploy', 'x', '--token', TOKEN, '--debug', '--http-addr', address]),
    ]);
    expect(proxy.requests.map((r) => r.headers['x-consul-token'])).toEqual([TOKEN, TOKEN]);
    expect(watch.code).toBe(1);
    expect(watch.stderr).toMatch(/ConsulHttpError: Consul answered 403 .*\[redacted\][\s\S]*\n\s+at /);
    expect(fire.code).toBe(1);
    expect(fire.stderr).toMatch(/ConsulHttpError: Consul answered 500 .*\[redacted\]/);
    expect(watch.stdout + watch.stderr + fire.stdout + fire.stderr).not.toContain(TOKEN);
  });

  it('watch --exec ends with one line, without running the handler, on a payload that is not base64', async () => {
    const marker = join(tempDir(), 'ran');
    proxy.respond = (_req, res) => res.writeHead(200, { 'X-Consul-Index': '5' }).end(JSON.stringify([listedEvent({ Payload: 'djEuMi4z!!' })]));
    const result = await runCli(['watch', 'deploy', '--quiet', '--exec', `touch ${marker}`, '--http-addr', `127.0.0.1:${proxy.port}`], { CONSUL_HTTP_TOKEN: TOKEN });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^consul-events: payload of event [0-9a-f-]+ is not valid base64 \(Invalid base64: .*\); its handler was not run\n$/);
    expect(existsSync(marker)).toBe(false);
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
  });
});
