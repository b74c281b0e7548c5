/**
 * A client under test, alone in its own process so that its CPU time and heap are its own.
 * The driver tells it (over IPC) which contender to load, what to watch and when to
 * measure; it records each delivered event's ID and the monotonic time of delivery.
 *
 * Usage (forked by bench/run.ts with --expose-gc): client/main.ts
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { nowUs } from '../shared/clock';
import { notifyParent, serveParent } from '../shared/ipc';
import { CONTENDERS, kindOf, type Contender, type ContenderName, type ContenderSetup } from './contenders';

/** How deliveries are recorded: every ID (for loss and duplicates), a count only (for heap figures), or a notice per event (latency). */
type Recording = 'ids' | 'count' | 'notify';

let contender: Contender | undefined;
let recording: Recording = 'ids';
const stops: Array<() => void> = [];
let ids: string[] = [];
let delivered = 0;
let firstUs = 0;
let lastUs = 0;
let cpuAtMark = process.cpuUsage();
let markedUs = nowUs();

/** Debug aid for instrumented library copies: stage stamps (globalThis.__stamps) per delivery. */
const stageDeltas: number[][] = [];
function onEvent(id: string): void {
  const at = nowUs();
  const stamps = (globalThis as { __stamps?: Record<string, bigint> }).__stamps;
  if (stamps?.firstData !== undefined) {
    const now = process.hrtime.bigint();
    stageDeltas.push([stamps.firstData, stamps.end, stamps.then, stamps.next, now].map((t, i, all) => (i === 0 ? 0 : Number((t ?? 0n) - (all[i - 1] ?? 0n)) / 1000)));
    stamps.delivered = now;
  }
  delivered++;
  if (firstUs === 0) firstUs = at;
  lastUs = at;
  if (recording === 'ids') ids.push(id);
  else if (recording === 'notify') notifyParent('event', { id, at });
}

/**
 * With BENCH_PROFILE_DIR set, a CPU profile covers each measurement window exactly (from
 * `mark` to `report`), not the process start-up: one .cpuprofile per window.
 */
const profileDir = process.env.BENCH_PROFILE_DIR;
const inspector = profileDir ? new Session() : undefined;
let profiling = false;
function post(method: string, params: object = {}): Promise<unknown> {
  return new Promise((resolve, reject) => inspector!.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
}
async function startProfile(): Promise<void> {
  if (!inspector) return;
  if (!profiling) {
    inspector.connect();
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: 100 });
  }
  if (profiling) await post('Profiler.stop');
  await post('Profiler.start');
  profiling = true;
}
let profileCount = 0;
async function stopProfile(): Promise<string | undefined> {
  if (!inspector || !profiling) return undefined;
  const { profile } = (await post('Profiler.stop')) as { profile: unknown };
  const file = join(profileDir!, `${process.argv[2] ?? 'client'}-${process.pid}-${++profileCount}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  await post('Profiler.start');
  return file;
}

const gc = (globalThis as { gc?: () => void }).gc;
async function collect(): Promise<NodeJS.MemoryUsage> {
  if (!gc) throw new Error('run the client with --expose-gc');
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage();
}

serveParent({
  setup: ({ name, setup, record }: { name: ContenderName; setup: ContenderSetup; record: Recording }) => {
    contender = CONTENDERS[kindOf(name)](setup);
    recording = record;
    return { pid: process.pid };
  },
  watch: ({ targets }: { targets: Array<string | string[]> }) => {
    if (!contender) throw new Error('setup first');
    for (const target of targets) stops.push(contender.watch(target, onEvent));
    return stops.length;
  },
  /** Starts a measurement window: counters to zero, CPU reading taken. */
  mark: async ({ record }: { record?: Recording } = {}) => {
    await startProfile();
    if (record) recording = record;
    ids = [];
    delivered = 0;
    firstUs = 0;
    lastUs = 0;
    markedUs = nowUs();
    cpuAtMark = process.cpuUsage();
    return markedUs;
  },
  progress: () => ({ delivered, lastUs }),
  /** Ends the window: what was delivered and the CPU used since `mark`. */
  report: async ({ withIds = false }: { withIds?: boolean } = {}) => {
    const cpu = process.cpuUsage(cpuAtMark);
    const endUs = nowUs();
    return { profile: await stopProfile(), delivered, firstUs, lastUs, markedUs, endUs, cpu, health: contender?.health, ...(withIds && { ids }) };
  },
  /** Heap and RSS after a full garbage collection. */
  memory: async () => collect(),
  /** Stops every watch at once; returns when the stopping started and how long the calls took. */
  unwatchAll: async () => {
    await startProfile();
    const startUs = nowUs();
    for (const stop of stops.splice(0)) stop();
    const syncUs = nowUs() - startUs;
    await new Promise((resolve) => setTimeout(resolve, 100));
    await stopProfile();
    return { startUs, syncUs };
  },
  stageDeltas: () => stageDeltas,
  resources: () => {
    const counts: Record<string, number> = {};
    for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
    return counts;
  },
});
