/**
 * A client under test, alone in its own process so that its CPU time and heap are its own.
 * The driver tells it (over IPC) which contender to load, what to watch and when to
 * measure; it records what was delivered and the monotonic time of delivery.
 *
 * Usage (forked by bench/run.ts with --expose-gc): client/main.ts
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { nowUs } from '../shared/clock';
import { notifyParent, serveParent } from '../shared/ipc';
import type { Contender, ContenderSetup, WatchTarget } from './contender';
import { CONTENDERS, kindOf, type ContenderName } from './contenders';
import { Demultiplexer } from './demux';

/**
 * How deliveries are recorded: every ID (for loss and duplicates), a count only (for heap
 * figures), a notice per event (latency), or per subscription (the scale scenario: a
 * count per subscription, and when each event reached its last subscriber).
 */
type Recording = 'ids' | 'count' | 'notify' | 'scale';

let contender: Contender | undefined;
let recording: Recording = 'ids';
const stops: Array<() => void> = [];
let ids: string[] = [];
let delivered = 0;
let firstUs = 0;
let lastUs = 0;
let cpuAtMark = process.cpuUsage();
let markedUs = nowUs();

/** Scale recording: deliveries per subscription, and per event how many subscribers are still to get it. */
let perSubscription = new Uint32Array(0);
let subscribersPerEvent = 1;
const stillToDeliver = new Map<string, number>();
const completedAt = new Map<string, number>();

/** A pending `awaitDelivered` call. */
let waiter: { count: number; resolve: () => void } | undefined;

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
  if (waiter !== undefined && delivered >= waiter.count) waiter.resolve();
}

/** One delivery to subscription `s` (scale recording): no clock read unless it completes the event. */
function onScaleEvent(s: number, id: string): void {
  perSubscription[s]!++;
  delivered++;
  const left = (stillToDeliver.get(id) ?? subscribersPerEvent) - 1;
  if (left === 0) {
    stillToDeliver.delete(id);
    lastUs = nowUs();
    completedAt.set(id, lastUs);
  } else stillToDeliver.set(id, left);
  if (waiter !== undefined && delivered >= waiter.count) waiter.resolve();
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

/** The names of `count` subscriptions: all on `prefix` (`same`), or `prefix-0` … (`distinct`). */
const subscriptionName = (shape: 'same' | 'distinct', prefix: string, s: number): string => (shape === 'same' ? prefix : `${prefix}-${s}`);

serveParent({
  setup: ({ name, setup, record }: { name: ContenderName; setup: ContenderSetup; record: Recording }) => {
    contender = CONTENDERS[kindOf(name)](setup);
    recording = record;
    return { pid: process.pid };
  },
  watch: ({ targets }: { targets: WatchTarget[] }) => {
    if (!contender) throw new Error('setup first');
    for (const target of targets) stops.push(contender.watch(target, onEvent));
    return stops.length;
  },
  /**
   * `count` subscriptions for the scale scenario: each its own watch (`own`), or all
   * through one hand-written demultiplexer over one watch of every event (`demux`).
   * Returns how long the calls took.
   */
  subscribeMany: ({ shape, prefix, count, mode }: { shape: 'same' | 'distinct'; prefix: string; count: number; mode: 'own' | 'demux' }) => {
    if (!contender) throw new Error('setup first');
    recording = 'scale';
    perSubscription = new Uint32Array(count);
    const demux = mode === 'demux' ? new Demultiplexer(contender) : undefined;
    const startUs = nowUs();
    for (let s = 0; s < count; s++) {
      const deliver = (id: string): void => onScaleEvent(s, id);
      const name = subscriptionName(shape, prefix, s);
      stops.push(demux ? demux.subscribe(name, deliver) : contender.watch(name, deliver));
    }
    return { startUs, callsUs: nowUs() - startUs };
  },
  /** Starts a measurement window: counters to zero, CPU reading taken. */
  mark: async ({ record, perEvent }: { record?: Recording; perEvent?: number } = {}) => {
    await startProfile();
    if (record) recording = record;
    if (perEvent !== undefined) subscribersPerEvent = perEvent;
    ids = [];
    delivered = 0;
    firstUs = 0;
    lastUs = 0;
    perSubscription.fill(0);
    stillToDeliver.clear();
    completedAt.clear();
    markedUs = nowUs();
    cpuAtMark = process.cpuUsage();
    return markedUs;
  },
  progress: () => ({ delivered, lastUs }),
  /** Resolves once `count` events were delivered since `mark`, or after `quietMs` without a delivery. */
  awaitDelivered: ({ count, quietMs }: { count: number; quietMs: number }) =>
    new Promise<{ delivered: number; lastUs: number }>((resolve) => {
      let seen = -1;
      const done = (): void => {
        clearInterval(timer);
        waiter = undefined;
        resolve({ delivered, lastUs });
      };
      const timer = setInterval(() => {
        if (delivered === seen) done();
        seen = delivered;
      }, quietMs);
      waiter = { count, resolve: done };
      if (delivered >= count) done();
    }),
  /** Ends the window: what was delivered and the CPU used since `mark`. */
  report: async ({ withIds = false }: { withIds?: boolean } = {}) => {
    const cpu = process.cpuUsage(cpuAtMark);
    const endUs = nowUs();
    return { profile: await stopProfile(), delivered, firstUs, lastUs, markedUs, endUs, cpu, health: contender?.health, ...(withIds && { ids }) };
  },
  /** Scale recording: deliveries missing or extra against `expected` per subscription, and when each event reached all its subscribers. */
  scaleReport: ({ expected }: { expected: number }) => {
    let missing = 0;
    let extra = 0;
    for (const n of perSubscription) {
      if (n < expected) missing += expected - n;
      else extra += n - expected;
    }
    return { missing, extra, completedAt: [...completedAt], health: contender?.health };
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
