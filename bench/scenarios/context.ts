import { join } from 'node:path';
import type { ContenderSetup } from '../client/contender';
import type { ContenderName } from '../client/contenders';
import { spawnChild, type Child } from '../shared/ipc';
import { awaitQuiet } from '../shared/quiet';
import type { BufferShape } from './shapes';

/** Counts and durations of one run (`--quick` shrinks them). */
export interface BenchSizes {
  /** Interleaved rounds of the latency and cost runs: each ratio is given as min/median/max over them. */
  readonly rounds: number;
  /** Events timed per run (after `warmup` not timed), for each latency method and buffer shape. */
  readonly latency: { readonly count: number; readonly warmup: number };
  /**
   * CPU per event: rates of events of any name at the agent (0 = as fast as the emulator
   * fires); each run times the watched name's events of `windowS` seconds (at least
   * `minCount`; `maxCount` at full speed), after `warmup` of them at the same rate, or 1k/s
   * of the watched name when lower.
   */
  readonly cost: {
    readonly rates: readonly number[];
    readonly windowS: number;
    readonly minCount: { readonly only: number; readonly busy: number };
    readonly maxCount: { readonly only: number; readonly busy: number };
    readonly warmup: { readonly only: number; readonly busy: number };
  };
  readonly memory: { readonly count: number; readonly warmup: number; readonly rate: number };
  /**
   * Subscriptions per run; a poll per subscription is run up to `ownPollCap` only. At
   * least `deliveries` deliveries are timed per run; `batch` events per fan-out step.
   */
  readonly scale: {
    readonly counts: readonly number[];
    readonly ownPollCap: number;
    readonly deliveries: number;
    readonly batch: number;
    readonly teardownRounds: number;
  };
  readonly idle: { readonly watchers: number; readonly seconds: number; readonly waitSeconds: number };
  /** Fresh processes that only load a library, per library. */
  readonly startup: { readonly runs: number };
}

export const FULL: BenchSizes = {
  rounds: 3,
  // Warm-up samples: a client process's first second or so is V8 compiling it (FINDINGS.md 3.3).
  latency: { count: 300, warmup: 500 },
  cost: { rates: [100, 1_000, 5_000, 0], windowS: 3, minCount: { only: 300, busy: 60 }, maxCount: { only: 20_000, busy: 2_000 }, warmup: { only: 4_000, busy: 4_000 } },
  memory: { count: 100_000, warmup: 2_000, rate: 10_000 },
  scale: { counts: [1, 100, 1_000, 10_000], ownPollCap: 1_000, deliveries: 1_000, batch: 128, teardownRounds: 3 },
  idle: { watchers: 100, seconds: 10, waitSeconds: 1 },
  startup: { runs: 5 },
};

export const QUICK: BenchSizes = {
  rounds: 1,
  latency: { count: 50, warmup: 10 },
  cost: { rates: [1_000, 0], windowS: 0.5, minCount: { only: 100, busy: 30 }, maxCount: { only: 2_000, busy: 300 }, warmup: { only: 300, busy: 60 } },
  memory: { count: 5_000, warmup: 500, rate: 10_000 },
  scale: { counts: [100, 1_000, 10_000], ownPollCap: 100, deliveries: 200, batch: 128, teardownRounds: 1 },
  idle: { watchers: 100, seconds: 1, waitSeconds: 1 },
  startup: { runs: 2 },
};

/** Everything a scenario needs: the emulator, how to start clients, which contenders run. */
export interface BenchContext {
  readonly emulator: Child;
  readonly port: number;
  readonly sizes: BenchSizes;
  readonly contenders: readonly ContenderName[];
  /** The cost scenario's: `contenders`, plus by default the several-names and every-event watches. */
  readonly costContenders: readonly ContenderName[];
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
  /** A --quick run (a smoke test): shorter quiet checks. */
  readonly quick: boolean;
  /** Buffer shapes the latency and cost runs use (`--shapes`). */
  readonly shapes: readonly BufferShape[];
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
  const busy = await awaitQuiet(0.15, ctx.quietWaitMs, ctx.quick ? 100 : 400);
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
 * Waits until the client delivered `expected` events since its `mark`, or nothing new
 * arrived for `quietMs` (the rest is lost).
 */
export async function awaitDeliveries(client: Child, expected: number, quietMs = 1_000): Promise<{ delivered: number; lastUs: number }> {
  return client.call('awaitDelivered', { count: expected, quietMs }, 600_000);
}

/** `items` rotated left by `by`: each round of a scenario starts with another contender. */
export const rotate = <T>(items: readonly T[], by: number): T[] => items.map((_, i) => items[(i + by) % items.length]!);

/** CPU time in milliseconds from a `process.cpuUsage()` difference. */
export const cpuMs = (cpu: NodeJS.CpuUsage): number => (cpu.user + cpu.system) / 1000;

/** Names unique to one run, so no run sees another's events in its name-filtered list. */
let runCounter = 0;
export const runName = (scenario: string, contender: string): string => `${scenario}-${contender}-${++runCounter}`;
