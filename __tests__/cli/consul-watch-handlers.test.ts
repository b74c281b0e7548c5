import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consulStyleFlags } from '../../src/cli/consul-style-flags';
import { consulWatchIndex, consulWatchStdin } from '../../src/cli/consul-watch-input';
import { startConsulEmulator, type ConsulEmulator } from '../../src/testing';
import { runMain } from '../helpers/cli-in-process';
import { startCli } from '../helpers/cli-process';
import { eventually } from '../helpers/eventually';

const read = (file: string) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};

describe('consul-events watch --exec-input consul-watch (the built bin): a drop-in for `consul watch -type=event` handlers', () => {
  let emulator: ConsulEmulator;
  beforeEach(async () => {
    emulator = await startConsulEmulator();
  });
  afterEach(() => emulator.close());

  it('hands each event to the handler as a one-element JSON array on stdin, with CONSUL_INDEX, and reads -name= / -http-addr=', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'consul-watch-handler-'));
    // A handler as written for `consul watch`: jq over the array, the index from the environment.
    const handler = `tee -a ${dir}/stdin | jq -r '.[] | "\\(.Name) \\(.Payload // "" | @base64d)"' >> ${dir}/seen; echo "$CONSUL_INDEX" >> ${dir}/index`;
    emulator.fire('other', 'not ours');
    const first = emulator.fire('deploy', 'v1 <&>');
    const indexes = [emulator.store.list('deploy').index];
    const cli = startCli(['watch', '-name=deploy', `-http-addr=127.0.0.1:${emulator.port}`, '--exec', handler, '--exec-input', 'consul-watch', '--quiet']);
    await eventually(() => emulator.store.pendingWaits === 1 && read(`${dir}/index`) !== '');
    const second = emulator.fire('deploy', null);
    indexes.push(emulator.store.list('deploy').index);
    await eventually(() => read(`${dir}/index`).split('\n').length === 3);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);

    const [listedFirst, listedSecond] = emulator.store.list('deploy').events;
    expect([listedFirst!.ID, listedSecond!.ID]).toEqual([first.ID, second.ID]);
    expect(read(`${dir}/stdin`)).toBe(
      `[{"ID":"${first.ID}","Name":"deploy","Payload":"${Buffer.from('v1 <&>').toString('base64')}","NodeFilter":"","ServiceFilter":"","TagFilter":"","Version":1,"LTime":${listedFirst!.LTime}}]\n` +
      `[{"ID":"${second.ID}","Name":"deploy","Payload":null,"NodeFilter":"","ServiceFilter":"","TagFilter":"","Version":1,"LTime":${listedSecond!.LTime}}]\n`,
    );
    expect(read(`${dir}/seen`)).toBe('deploy v1 <&>\ndeploy \n');
    expect(read(`${dir}/index`)).toBe(`${indexes[0]}\n${indexes[1]}\n`);
  });

  it('refuses an unknown --exec-input, and one without --exec, as usage errors', async () => {
    const unknown = await runMain(['watch', 'deploy', '--exec', 'true', '--exec-input', 'json']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^consul-events: --exec-input must be payload or consul-watch, got "json"\n/);
    const alone = await runMain(['watch', 'deploy', '--exec-input', 'consul-watch']);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/^consul-events: --exec-input goes with --exec\n/);
  });
});

describe('consulWatchStdin(event)', () => {
  it('encodes as Go\'s json.Encoder does: Consul\'s field order, <, >, &, U+2028 and U+2029 escaped, a newline after', () => {
    const event = {
      LTime: 7, Version: 1, TagFilter: 'a&b', ServiceFilter: '<web>', NodeFilter: 'x\u2028y\u2029z',
      Payload: 'djE=', Name: 'dé"ploy', ID: 'b54fe110-7af5-cafc-d1fb-afc8ba432b1c',
    };
    expect(consulWatchStdin(event)).toBe(
      '[{"ID":"b54fe110-7af5-cafc-d1fb-afc8ba432b1c","Name":"dé\\"ploy","Payload":"djE=","NodeFilter":"x\\u2028y\\u2029z",' +
      '"ServiceFilter":"\\u003cweb\\u003e","TagFilter":"a\\u0026b","Version":1,"LTime":7}]\n',
    );
  });
});

describe('consulWatchIndex(event)', () => {
  it('is the index the agent reports while the event is its newest, and refuses an ID that is not a UUID', () => {
    expect(consulWatchIndex({ ID: 'b54fe110-7af5-cafc-d1fb-afc8ba432b1c' })).toBe('7256511592453824992');
    expect(() => consulWatchIndex({ ID: 'x' })).toThrow('event "x" has an ID that is not a UUID, so it has no CONSUL_INDEX; its handler was not run');
  });
});

describe('consulStyleFlags(args, shared)', () => {
  it('rewrites the single-dash spellings of the shared flags only, and nothing after --', () => {
    expect(consulStyleFlags(
      ['-name=deploy', '-token-file', '/run/token', '-h', '-x=1', '--name', 'b', 'name', '--', '-name=c'],
      ['name', 'token-file'],
    )).toEqual(['--name=deploy', '--token-file', '/run/token', '-h', '-x=1', '--name', 'b', 'name', '--', '-name=c']);
  });
});
