/**
 * `npm run bench [-- --quick] [-- --only startup,latency,cost,memory,scale,idle]
 *  [-- --contenders floor,ours,ours-unshared,consul,whole-list,watcher,ours@NAME]
 *  [-- --variant NAME=DIR] [-- --rounds N] [-- --rates 100,1000,5000,0] [-- --shapes only,busy]
 *  [-- --quiet-wait SECONDS] [-- --lib DIR] [-- --profile]
 *  [-- --client-flags=FLAGS] [-- --out FILE.json] [-- --no-docs] [-- --docs DIR]
 *  [-- --render FILE.json]`
 *
 * Runs every scenario against one emulator process, each contender in its own client
 * process, prints a progress line per run and the tables at the end. A complete run (no
 * option: every scenario, the default contenders and sizes; about 25 minutes on a quiet
 * 2-core machine) writes bench/results/latest.json, docs/BENCHMARKS.md and its charts
 * (docs/cost.svg, latency.svg, scale.svg). A --quick run (a smoke test, one round, about a
 * minute and a half) writes bench/results/quick.json only; any other run (--only,
 * --contenders, --variant, --rounds, …) writes bench/results/partial.json only.
 * The library is the built package (dist/), copied to bench/tmp/dist first so a rebuild
 * during the run cannot change it under the bench. Child processes run plain JavaScript
 * (the bench's TypeScript transpiled to bench/tmp/js), so no ts-node hook is in them.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ContenderName } from './client/contenders';
import { busyBeforeRuns, FULL, QUICK, startClient, type BenchContext } from './scenarios/context';
import { costScenario } from './scenarios/cost';
import { idleScenario } from './scenarios/idle';
import { latencyRun, latencyScenario } from './scenarios/latency';
import { memoryScenario } from './scenarios/memory';
import { scaleScenario } from './scenarios/scale';
import { SHAPES, type BufferShape } from './scenarios/shapes';
import { startupScenario } from './scenarios/startup';
import { killAllChildren, spawnChild } from './shared/ipc';
import { transpileTree } from './shared/transpile';
import { costSvg } from './report/cost-svg';
import { latencySvg } from './report/latency-svg';
import { benchmarksMarkdown } from './report/markdown';
import type { BenchResults } from './report/results';
import { scaleSvg } from './report/scale-svg';
import { resultTables } from './report/tables';
import { checkTargets } from './report/targets';

const ROOT = resolve(__dirname, '..');
const TMP = join(__dirname, 'tmp');
const SCENARIOS = ['startup', 'latency', 'cost', 'memory', 'scale', 'idle'] as const;
const DEFAULT_CONTENDERS: ContenderName[] = ['floor', 'ours', 'ours-unshared', 'consul', 'whole-list'];
/** Added to the cost scenario only (issue 16: a watch of several names or of every event against a one-name watch). */
const DEFAULT_COST_EXTRAS: ContenderName[] = ['ours-names', 'ours-all'];

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    contenders: { type: 'string' },
    /** Interleaved rounds of the latency and cost runs (default: 3, or 1 with --quick). */
    rounds: { type: 'string' },
    /** Rates of the cost runs, events/s of the watched name, 0 = as fast as the emulator fires (default: 100,1000,5000,0). */
    rates: { type: 'string' },
    /** Buffer shapes of the latency and cost runs (default: only,busy). */
    shapes: { type: 'string' },
    /** How long to wait, before each run, for the machine to be quiet (default 30 s; 0 with --quick). */
    'quiet-wait': { type: 'string' },
    lib: { type: 'string' },
    profile: { type: 'boolean', default: false },
    out: { type: 'string' },
    'no-docs': { type: 'boolean', default: false },
    /** Where BENCHMARKS.md and its charts go (default docs/): e.g. a preview of a --quick run with --render. */
    docs: { type: 'string' },
    /** Extra node flags for the client processes, e.g. --client-flags=--enable-source-maps */
    'client-flags': { type: 'string' },
    /** A variant of ours from another source tree, run as contender ours@NAME: --variant NAME=DIR (repeatable) */
    variant: { type: 'string', multiple: true },
    /** The emulator gzips list answers for clients that ask, as a real agent does (see emulator/main.ts). */
    /** Runs nothing: rewrites docs/BENCHMARKS.md and its charts from a results file (e.g. after editing FINDINGS.md). */
    render: { type: 'string' },
  },
});

/** The latest modification time of any file under `dir`. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** A source tree (e.g. a patched copy of src/), transpiled to JavaScript like the bench, to be loaded from there. */
function transpiledSource(name: string, dir: string): { entry: string; watcherEntry: string } {
  const out = join(TMP, 'lib-js', name);
  rmSync(out, { recursive: true, force: true });
  transpileTree(resolve(dir), out);
  return { entry: join(out, 'index.js'), watcherEntry: join(out, 'client', 'event-watcher.js') };
}

/** The library under test: a snapshot of dist/ (default) or the entry given with --lib. */
function prepareLibrary(): { entry: string; watcherEntry: string; how: string } {
  if (flags.lib) {
    const { entry, watcherEntry } = transpiledSource('lib', flags.lib);
    return { entry, watcherEntry, how: `--lib ${flags.lib} (transpiled to CommonJS, run with node)` };
  }
  const dist = join(ROOT, 'dist');
  if (!existsSync(join(dist, 'index.js'))) throw new Error('dist/index.js is missing: run `npm run build` first (npm run bench does)');
  const newestSource = newestMtime(join(ROOT, 'src'));
  if (newestSource > statSync(join(dist, 'index.js')).mtimeMs) {
    process.stdout.write('warning: src/ changed after dist/ was built: the figures are for the older build (npm run build)\n');
  }
  rmSync(join(TMP, 'dist'), { recursive: true, force: true });
  cpSync(dist, join(TMP, 'dist'), { recursive: true });
  const entry = join(TMP, 'dist', 'index.js');
  const exportsWatcher = typeof (require(entry) as Record<string, unknown>).createEventWatcher === 'function';
  if (exportsWatcher) return { entry, watcherEntry: entry, how: 'built package (dist/, CommonJS), run with node' };
  // The watcher is not in the built entry yet: take it from a snapshot of src/, transpiled.
  rmSync(join(TMP, 'src-js'), { recursive: true, force: true });
  transpileTree(join(ROOT, 'src'), join(TMP, 'src-js'));
  return {
    entry,
    watcherEntry: join(TMP, 'src-js', 'client', 'event-watcher.js'),
    how: 'built package (dist/, CommonJS), run with node; createEventWatcher is not exported by dist yet, so the watcher comes from src/ transpiled to CommonJS',
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  mkdirSync(TMP, { recursive: true });
  const base = flags.quick ? QUICK : FULL;
  const sizes = {
    ...base,
    ...(flags.rounds && { rounds: Number(flags.rounds) }),
    ...(flags.rates && { cost: { ...base.cost, rates: flags.rates.split(',').map(Number) } }),
  };
  const shapes = (flags.shapes ? flags.shapes.split(',') : SHAPES) as BufferShape[];
  for (const shape of shapes) if (!SHAPES.includes(shape)) throw new Error(`--shapes: unknown shape ${shape} (${SHAPES.join(', ')})`);
  const only = new Set(flags.only ? flags.only.split(',') : SCENARIOS);
  for (const name of only) if (!(SCENARIOS as readonly string[]).includes(name)) throw new Error(`--only: unknown scenario ${name} (${SCENARIOS.join(', ')})`);
  const contenders = (flags.contenders ? flags.contenders.split(',') : DEFAULT_CONTENDERS) as ContenderName[];
  const library = prepareLibrary();
  const variants = new Map((flags.variant ?? []).map((spec) => {
    const [name, dir] = spec.split('=') as [string, string];
    return [name, transpiledSource(`variant-${name}`, dir)] as const;
  }));
  const profileDir = join(TMP, 'profiles');
  if (flags.profile) {
    rmSync(profileDir, { recursive: true, force: true });
    mkdirSync(profileDir, { recursive: true });
  }

  // Child processes run plain JavaScript: the bench's own files transpiled here.
  rmSync(join(TMP, 'js'), { recursive: true, force: true });
  transpileTree(__dirname, join(TMP, 'js'));
  const emulator = spawnChild(join(TMP, 'js', 'emulator', 'main.js'), [join(TMP, 'dist', 'testing', 'index.js')],
    flags.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--cpu-prof-name=emulator.cpuprofile'] : []);
  const info = await emulator.call<{ url: string; port: number }>('info');
  const progress = (line: string) => process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
  const ctx: BenchContext = {
    emulator, port: info.port, sizes, contenders, costContenders: flags.contenders ? contenders : [...contenders, ...DEFAULT_COST_EXTRAS], libEntry: library.entry, watcherEntry: library.watcherEntry, variants,
    clientNodeArgs: flags['client-flags'] ? flags['client-flags'].split(' ') : [], ...(flags.profile && { profileDir }), progress, quietWaitMs: flags['quiet-wait'] !== undefined ? Number(flags['quiet-wait']) * 1000 : flags.quick ? 0 : 30_000,
    quick: flags.quick,
    shapes,
  };
  const loadAtStart = loadavg()[0]!;
  if (loadAtStart > 0.7) progress(`warning: load average ${loadAtStart.toFixed(2)} before the run: other work on this ${cpus().length}-core machine will skew the figures`);
  progress(`emulator at ${info.url} (pid ${emulator.process.pid}); ${flags.quick ? 'quick' : 'full'} run; library: ${library.how}`);

  // Warm the emulator's code paths (fire over HTTP and inside, wake, list) before anything is measured.
  {
    const client = await startClient(ctx, 'floor', { record: 'count' });
    await client.call('watch', { targets: ['warm-up'] });
    await emulator.call('awaitBlocked', { count: 1 });
    await emulator.call('fireRun', { name: 'warm-up', count: 3_000, rate: 0 });
    await client.stop();
    await latencyRun(ctx, { shape: 'only', method: 'blocked', contender: 'floor', count: flags.quick ? 100 : 300, warmup: 0, round: 0 });
  }

  const results: BenchResults = {
    meta: {
      date: new Date().toISOString(),
      mode: flags.quick ? 'quick' : 'full',
      durationS: 0,
      rounds: sizes.rounds,
      machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGB: Math.round(totalmem() / 2 ** 30), platform: process.platform, kernel: release() },
      loadAverage: { atStart: Math.round(loadAtStart * 100) / 100, atEnd: 0 },
      node: process.version,
      v8: process.versions.v8,
      library,
      consulPackage: (JSON.parse(readFileSync(join(ROOT, 'node_modules', 'consul', 'package.json'), 'utf8')) as { version: string }).version,
      emulator: 'startConsulEmulator from the built rx-consul-events/testing, own process, 256-event buffer, answers gzipped for clients that ask',
      contenders,
    },
  };
  if (only.has('startup')) {
    results.startup = await startupScenario(ctx, [
      { module: 'node alone', entry: '-' },
      { module: 'rx-consul-events', entry: library.entry },
      { module: 'consul', entry: require.resolve('consul') },
    ]);
  }
  if (only.has('latency')) results.latency = await latencyScenario(ctx);
  if (only.has('cost')) results.cost = await costScenario(ctx);
  if (only.has('memory')) results.memory = await memoryScenario(ctx);
  if (only.has('scale')) results.scale = await scaleScenario(ctx);
  if (only.has('idle')) results.idle = await idleScenario(ctx);
  results.targets = checkTargets(results);
  results.meta.durationS = Math.round((Date.now() - started) / 1000);
  results.meta.loadAverage.atEnd = Math.round(loadavg()[0]! * 100) / 100;
  results.meta.machineBusyBeforeRuns = {
    max: Math.round(Math.max(0, ...busyBeforeRuns) * 100) / 100,
    median: Math.round((busyBeforeRuns.sort((a, b) => a - b)[Math.floor(busyBeforeRuns.length / 2)] ?? 0) * 100) / 100,
  };
  await emulator.stop();

  process.stdout.write('\n');
  for (const { title, body } of resultTables(results)) process.stdout.write(`${title}\n\n${body}\n\n`);

  // Only a complete run (every scenario, the default contenders and sizes) is published:
  // it writes latest.json and the docs. A --quick run is a smoke test (quick.json); any
  // other run is partial (partial.json), and its docs can be previewed with --render FILE --docs DIR.
  const complete = !flags.quick && !flags.lib && (flags.variant ?? []).length === 0 && !flags.only && !flags.contenders
    && !flags.rounds && !flags.rates && !flags.shapes && !flags.profile && !flags['client-flags'];
  const out = flags.out ? resolve(flags.out) : join(__dirname, 'results', flags.quick ? 'quick.json' : complete ? 'latest.json' : 'partial.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 1)}\n`);
  progress(`wrote ${out}`);
  if (complete && !flags['no-docs']) progress(`wrote ${writeDocs(results).join(', ')}`);
  else if (!flags.quick) progress(`docs/ left alone (${complete ? '--no-docs' : 'not a complete default run'}); preview with: npm run bench -- --render ${out} --docs bench/tmp/preview`);
  if (flags.profile) progress(`CPU profiles of each measurement window in ${profileDir}; summarize one with: node -r ts-node/register/transpile-only bench/profile-summary.ts FILE`);
}

/** BENCHMARKS.md (tables, targets, the findings) and its charts, from one run's results, into docs/ or --docs DIR; returns the files written. */
function writeDocs(results: BenchResults): string[] {
  const dir = flags.docs ? resolve(flags.docs) : join(ROOT, 'docs');
  mkdirSync(dir, { recursive: true });
  const m = results.meta;
  const subtitle = `${m.node}, ${m.machine.cores} cores, ${m.mode} run, ${m.rounds ?? 1} round${(m.rounds ?? 1) > 1 ? 's' : ''}, ${m.date.slice(0, 10)}`;
  const written: Array<[string, string]> = [];
  if (results.cost || results.latency) written.push(['cost.svg', costSvg(results.cost?.rows ?? [], results.latency?.rows ?? [], subtitle)]);
  if (results.latency) written.push(['latency.svg', latencySvg(results.latency.rows, `${results.latency.count} events per run, ${subtitle}`)]);
  if (results.scale) written.push(['scale.svg', scaleSvg(results.scale.rows, subtitle)]);
  written.push(['BENCHMARKS.md', benchmarksMarkdown(results, readNotes())]);
  for (const [file, text] of written) writeFileSync(join(dir, file), text);
  return written.map(([file]) => join(dir, file));
}

/** The hand-written part of docs/BENCHMARKS.md (findings, proposals), kept beside the bench. */
function readNotes(): string {
  const path = join(__dirname, 'FINDINGS.md');
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

// Bounded: whatever happens, no child outlives the run, and the run itself ends.
const watchdog = setTimeout(() => {
  process.stderr.write('bench: watchdog expired, killing children\n');
  killAllChildren();
  process.exit(2);
}, (flags.quick ? 10 : 60) * 60_000);
watchdog.unref();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAllChildren();
    process.exit(130);
  });
}
process.on('exit', killAllChildren);

const run = flags.render
  ? Promise.resolve().then(() => {
    const file = resolve(flags.render!);
    const results = JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
    if (results.meta.rounds === undefined) {
      process.stderr.write(`bench: ${flags.render} was written by the bench before issue 16 (no rounds, no buffer shapes): run npm run bench for a new one\n`);
      process.exit(1);
    }
    // The targets are judged again, so a change to report/targets.ts reaches both files.
    results.targets = checkTargets(results);
    writeFileSync(file, `${JSON.stringify(results, null, 1)}\n`);
    process.stdout.write(`wrote ${writeDocs(results).join(', ')} from ${flags.render}\n`);
  })
  : main();
run.then(
  () => {
    killAllChildren();
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    killAllChildren();
    process.exit(1);
  },
);
