import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startConsulEmulator, type ConsulEmulator } from '../../src/testing';
import { runMain, startMain, waitForOutput } from '../helpers/cli-in-process';
import { startCli } from '../helpers/cli-process';
import { eventually } from '../helpers/eventually';

let emulator: ConsulEmulator;
let dir: string;
let file: string;
beforeEach(async () => {
  emulator = await startConsulEmulator();
  dir = mkdtempSync(join(tmpdir(), 'consul-checkpoint-'));
  file = join(dir, 'deploy.checkpoint.json');
});
afterEach(() => emulator.close());

const read = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};
const recordedIds = (text = read(file)): string[] => (text ? JSON.parse(text).seenIds : []);

describe('consul-events watch --checkpoint FILE (the built bin)', () => {
  it('after a restart, runs the handler only for what was fired while it was down', async () => {
    const handled = join(dir, 'handled.txt');
    const args = ['watch', 'deploy', '--quiet', '--http-addr', `127.0.0.1:${emulator.port}`, '--checkpoint', file, '--exec', `cat >> ${handled}; echo >> ${handled}`];
    const a = emulator.fire('deploy', 'a');
    const b = emulator.fire('deploy', 'b');
    const first = startCli(args);
    await eventually(() => recordedIds().length === 2);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(recordedIds()).toEqual([a.ID, b.ID]);

    const c = emulator.fire('deploy', 'c');
    const second = startCli(args);
    await eventually(() => recordedIds().length === 3);
    await eventually(() => emulator.store.pendingWaits === 1);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(read(handled)).toBe('a\nb\nc\n');
    expect(recordedIds()).toEqual([a.ID, b.ID, c.ID]);
  });
});

describe('consul-events watch --checkpoint FILE', () => {
  it('with --from-now and a checkpoint that recorded nothing yet, skips the backlog', async () => {
    writeFileSync(file, JSON.stringify({ seenIds: [] }));
    emulator.fire('deploy', 'old');
    const run = startMain(['watch', 'deploy', '--quiet', '--from-now', '--checkpoint', file], { CONSUL_HTTP_ADDR: `127.0.0.1:${emulator.port}` });
    await eventually(() => emulator.store.pendingWaits === 1);
    const fresh = emulator.fire('deploy', 'new');
    await eventually(() => recordedIds().length === 1);
    run.stop();
    expect(await run.exited).toBe(0);
    expect(recordedIds()).toEqual([fresh.ID]);
  });

  it('records each printed event by replacing FILE (a reader of the old file keeps a whole one), leaving no temporary file', async () => {
    const a = emulator.fire('deploy', 'a');
    const run = startMain(['watch', 'deploy', '--quiet', '--checkpoint', file], { CONSUL_HTTP_ADDR: `127.0.0.1:${emulator.port}` });
    await eventually(() => recordedIds().length === 1);
    const old = openSync(file, 'r');
    try {
      await eventually(() => emulator.store.pendingWaits === 1);
      const b = emulator.fire('deploy', 'b');
      await eventually(() => recordedIds().length === 2);
      expect(recordedIds(readFileSync(old, 'utf8'))).toEqual([a.ID]);
      expect(recordedIds()).toEqual([a.ID, b.ID]);
    } finally {
      closeSync(old);
    }
    expect(run.lines().map((line) => JSON.parse(line).ID)).toEqual(recordedIds());
    expect(readdirSync(dir)).toEqual(['deploy.checkpoint.json']);
    run.stop();
    expect(await run.exited).toBe(0);
  });

  it.each([
    ['not JSON', '{"seenIds": ["6c5b2a9e-1f0e-4c54-8c8e-0b0c1d2e3f40"', /does not hold a checkpoint \(.*JSON.*\)/],
    ['not a checkpoint', '{"seen": []}', /does not hold a checkpoint \(EventCheckpoint: saved must be a checkpoint object .*, got \{"seen":\[\]\}\)/],
  ])('refuses a FILE that is %s, exit 1, and leaves it as it was', async (_, text, reason) => {
    writeFileSync(file, text);
    const result = await runMain(['watch', 'deploy', '--checkpoint', file], { CONSUL_HTTP_ADDR: `127.0.0.1:${emulator.port}` });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^consul-events: --checkpoint ${file} ${reason.source}; repair it, or remove it to start over \\(the events the agent still lists then run again\\)\\n$`));
    expect(read(file)).toBe(text);
    expect(emulator.openListRequests).toBe(0);
  });

  it('ends with exit 1 naming FILE when it cannot write it, and keeps the previous checkpoint', async () => {
    const a = emulator.fire('deploy', 'a');
    const run = startMain(['watch', 'deploy', '--quiet', '--checkpoint', file], { CONSUL_HTTP_ADDR: `127.0.0.1:${emulator.port}` });
    await eventually(() => recordedIds().length === 1);
    await eventually(() => emulator.store.pendingWaits === 1);
    mkdirSync(`${file}.${process.pid}.tmp`); // the temporary file cannot be created
    emulator.fire('deploy', 'b');
    expect(await run.exited).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^consul-events: --checkpoint ${file} cannot be written \\(the previous checkpoint is kept\\): EISDIR`));
    expect(recordedIds()).toEqual([a.ID]);
    await waitForOutput(run, 2); // printed, not recorded: it is printed again after a restart
  });
});
