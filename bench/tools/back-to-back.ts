/**
 * Client CPU per list answer with nothing but answers: each contender, alone in a fresh
 * process, long-polls a stand-in agent (ring-server.ts) that answers at once with a
 * 256-event list holding one new event, so the client is never idle and the figure is its
 * per-answer cost (read, dedupe, deliver, re-poll) without wake-ups from idle. Rounds are
 * interleaved; prints the median and the spread per contender. Variants of ours as in
 * run.ts (`--variant NAME=DIR`, contender `ours@NAME`).
 *
 * Usage: node -r ts-node/register/transpile-only bench/tools/back-to-back.ts
 *   [--contenders floor,ours,ours-unshared,whole-list,consul] [--variant NAME=DIR] [--rounds 5] [--answers 4000]
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CONTENDERS, kindOf } from '../client/contenders';
import { transpileTree } from '../shared/transpile';

if (process.argv[2] === '--child') {
  // In a child (this file transpiled, run by plain node): one contender, `warm` answers not counted, then `answers` timed.
  const [, , , contender, entry, answers, warm] = process.argv;
  const server = fork(join(__dirname, 'ring-server.js'));
  server.once('message', (port) => {
    const watching = CONTENDERS[kindOf(contender as never)]({ host: '127.0.0.1', port: port as number, waitSeconds: 60, libEntry: entry!, watcherEntry: entry! });
    const total = Number(warm) + Number(answers);
    let delivered = 0;
    let cpu = process.cpuUsage();
    const stop = watching.watch('w', () => {
      if (++delivered === Number(warm)) cpu = process.cpuUsage();
      if (delivered !== total) return;
      const used = process.cpuUsage(cpu);
      stop();
      server.disconnect();
      process.send!((used.user + used.system) / Number(answers), () => process.exit(0));
    });
  });
} else {
  const ROOT = resolve(__dirname, '..', '..');
  const OUT = join(__dirname, '..', 'tmp', 'back-to-back');
  const { values: flags } = parseArgs({
    options: {
      contenders: { type: 'string', default: 'floor,ours,ours-unshared,whole-list,consul' },
      variant: { type: 'string', multiple: true },
      rounds: { type: 'string', default: '5' },
      answers: { type: 'string', default: '4000' },
    },
  });
  const dist = join(ROOT, 'dist', 'index.js');
  if (!existsSync(dist)) throw new Error('dist/index.js is missing: npm run build');
  transpileTree(join(ROOT, 'bench'), join(OUT, 'bench'));
  const entries = new Map<string, string>();
  for (const spec of flags.variant ?? []) {
    const [name, dir] = spec.split('=') as [string, string];
    transpileTree(resolve(dir), join(OUT, 'lib', name));
    entries.set(name, join(OUT, 'lib', name, 'index.js'));
  }
  const contenders = flags.contenders!.split(',');
  const results = new Map<string, number[]>(contenders.map((c) => [c, []]));
  const runOnce = (contender: string): Promise<number> => new Promise((done, fail) => {
    const variant = contender.split('@')[1];
    const entry = variant === undefined ? dist : entries.get(variant);
    if (entry === undefined) return fail(new Error(`no --variant for ${contender}`));
    const child = fork(join(OUT, 'bench', 'tools', 'back-to-back.js'), ['--child', contender, entry, flags.answers!, '1000'], { execArgv: [] });
    child.once('message', (us) => done(us as number));
    child.once('exit', (code) => code !== 0 && fail(new Error(`${contender} exited with ${code}`)));
  });
  void (async () => {
    const rounds = Number(flags.rounds);
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < contenders.length; i++) {
        const contender = contenders[(i + r) % contenders.length]!;
        results.get(contender)!.push(await runOnce(contender));
      }
    }
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
    const floor = results.get('floor');
    for (const [contender, values] of results) {
      const ratio = floor ? ` = ${(median(values) / median(floor)).toFixed(2)}× floor` : '';
      process.stdout.write(`${contender.padEnd(20)} ${median(values).toFixed(1).padStart(7)} µs CPU per answer (median of ${values.length}; ${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)})${ratio}\n`);
    }
  })();
}
