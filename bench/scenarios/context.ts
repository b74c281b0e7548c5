import { join } from 'node:path';
import type { ContenderName, ContenderSetup } from '../client/contenders';
import { nowUs, sleep } from '../shared/clock';
import { spawnChild, type Child } from '../shared/ipc';
import { awaitQuiet } from '../shared/quiet';

/** Counts and durations of one run (`--quick` shrinks them). */
export interface BenchSizes {
  readonly latency: { readonly count: number; readonly warmup: number };
  readonly throughput: { readonly count: number; readonly warmup: number; readonly rates: readonly number[] };
  readonly memory: { readonly count: number; readonly warmup: number; readonly rate: number };
  readonly fanout: { readonly subscriptions: number; readonly batch: number };
  readonly idle: { readonly watchers: number; readonly seconds: number; readonly waitSeconds: number };
}

export const FULL: BenchSizes = {
  latency: { count: 1_000, warmup: 100 },
  throughput: { count: 20_000, warmup: 2_000, rates: [1_000, 5_000, 0] },
  memory: { count: 100_000, warmup: 2_000, rate: 10_000 },
  fanout: { subscriptions: 1_000, batch: 128 },
  idle: { watchers: 100, seconds: 10, waitSeconds: 1 },
};

export const QUICK: BenchSizes = {
  latency: { count: 200, warmup: 20 },
  throughput: { count: 1_000, warmup: 500, rates: [1_000, 5_000, 0] },
  memory: { count: 5_000, warmup: 500, rate: 10_000 },
  fanout: { subscriptions: 200, batch: 128 },
  idle: { watchers: 100, seconds: 2, waitSeconds: 1 },
};

/** Everything a scenario needs: the emulator, how to start clients, which contenders run. */
export interface BenchContext {
  readonly emulator: Child;
  readonly port: number;
  readonly sizes: BenchSizes;
  readonly contenders: readonly ContenderName[];
  readonly libEntry: string;
  readonly watcherEntry: string;
  /** Variants of ours (`ours@name`): their transpiled entries, by name. */
  readonly variants: ReadonlyMap<string, { entry: string; watcherEntry: string }>;
  /** Extra node flags for client processes. */
  readonly clientNodeArgs: readonly string[];
  /** Where clients write a CPU profile of each measurement window (`--profile`). */
  readonly profileDir?: string;
  /** How long to wait, before each run, for other work on the machine to stop. */
  readonly quietWaitMs: number;
  /** Prints one progress line. */
  progress(line: string): void;
}

/** The client, transpiled by run.ts to plain JavaScript (see shared/transpile.ts). */
export const CLIENT_SCRIPT = join(__dirname, '..', 'tmp', 'js', 'client', 'main.js');

/** Machine busy shares seen before each run (other work on the machine skews the figures). */
export const busyBeforeRuns: number[] = [];

/** A client process with one contender loaded; first waits for the machine to be quiet. */
export async function startClient(
  ctx: BenchContext,
  contender: ContenderName,
  { record = 'ids', waitSeconds = 60 }: { record?: 'ids' | 'count' | 'notify'; waitSeconds?: number } = {},
): Promise<Child> {
  const busy = await awaitQuiet(0.15, ctx.quietWaitMs, ctx.sizes === QUICK ? 100 : 400);
  if (busy !== undefined) busyBeforeRuns.push(busy);
  const child = spawnChild(CLIENT_SCRIPT, [contender], ['--expose-gc', ...ctx.clientNodeArgs], ctx.profileDir ? { BENCH_PROFILE_DIR: ctx.profileDir } : {});
  const variant = contender.includes('@') ? ctx.variants.get(contender.split('@')[1]!) : undefined;
  if (contender.includes('@') && !variant) throw new Error(`no --variant for ${contender}`);
  const setup: ContenderSetup = {
    host: '127.0.0.1', port: ctx.port, waitSeconds,
    libEntry: variant?.entry ?? ctx.libEntry, watcherEntry: variant?.watcherEntry ?? ctx.watcherEntry,
  };
  await child.call('setup', { name: contender, setup, record });
  return child;
}

/** Agent restart between runs: empty buffer, no connection left over. */
export async function resetEmulator(ctx: BenchContext): Promise<void> {
  await ctx.emulator.call('reset');
  await ctx.emulator.call('awaitNoOpenList', { timeoutMs: 10_000 });
}

/** What `awaitNoOpenList` answers: when no list request was open any more, and the emulator's own counter then. */
export interface NoOpenList { at: number; counterAt: number | undefined; emulatorCounter: number; phantom: number }

/**
 * Waits until the client delivered `expected` events, or nothing new arrived for `quietMs`
 * after `sinceUs` (the end of firing): the rest is lost.
 */
export async function awaitDeliveries(client: Child, expected: number, sinceUs: number, quietMs = 1_000): Promise<void> {
  for (;;) {
    const { delivered, lastUs } = await client.call<{ delivered: number; lastUs: number }>('progress');
    if (delivered >= expected) return;
    if (nowUs() - Math.max(lastUs, sinceUs) > quietMs * 1000) return;
    await sleep(20);
  }
}

/** CPU time in milliseconds from a `process.cpuUsage()` difference. */
export const cpuMs = (cpu: NodeJS.CpuUsage): number => (cpu.user + cpu.system) / 1000;

/** Names unique to one run, so no run sees another's events in its name-filtered list. */
let runCounter = 0;
export const runName = (scenario: string, contender: string): string => `${scenario}-${contender}-${++runCounter}`;
