import type { ContenderName } from '../client/contenders';
import type { ClientReport, EmulatorStats, FireRun } from '../shared/reports';
import { round, toRanges } from '../shared/stats';
import { awaitDeliveries, cpuMs, resetEmulator, rotate, runName, startClient, type BenchContext } from './context';
import { firesPerWatched, type BufferShape } from './shapes';

export interface CostRow {
  shape: BufferShape;
  /** Events per second of any name asked of the emulator (the watched name gets 1 in 16 in the busy shape); 0 = as fast as it can fire. */
  rate: number;
  /** Interleaved round (0-based): in each, every contender runs once, the order rotating. */
  round: number;
  contender: string;
  /** Events of the watched name fired in the window. */
  fired: number;
  /** Events of any name fired in the window (16× in the busy shape). */
  firedAll: number;
  /** Events per second of any name the emulator actually fired. */
  firedPerSec: number;
  delivered: number;
  /** Distinct events delivered per second, from the first fire to the last delivery. */
  deliveredPerSec: number;
  lost: number;
  duplicated: number;
  /** Where the lost events were, as ranges of firing positions (first ten ranges). */
  lostRanges: Array<[number, number]>;
  lostRangeCount: number;
  /** `gap` statuses the contender raised (ours only: the others cannot tell). */
  gapsReported: number;
  errors: number;
  cpuMs: number;
  /** Client CPU per delivered event, µs. */
  cpuUsPerEvent: number;
  /** Client CPU per list answer it processed: the per-poll cost, whatever the batching. */
  cpuUsPerAnswer: number;
  listAnswers: number;
  listBytes: number;
  bytesPerEvent: number;
  /** List bytes on the wire per event (differs from bytesPerEvent only for a client that asks for gzip). */
  wireBytesPerEvent: number;
  answersPerEvent: number;
  /** TCP connections the client opened during the window (a keep-alive client opens none). */
  connections: number;
}

export interface CostResults {
  rates: number[];
  rounds: number;
  windowS: number;
  rows: CostRow[];
}

export const rateLabel = (rate: number): string => (rate === 0 ? 'max' : rate < 1_000 ? `${rate}/s` : `${rate / 1000}k/s`);

/** Watched events timed at `rate`: `windowS` seconds' worth (at least `minCount`), or `maxCount` at full speed. */
function countAt(ctx: BenchContext, shape: BufferShape, rate: number): number {
  const { windowS, minCount, maxCount } = ctx.sizes.cost;
  return rate === 0 ? maxCount[shape] : Math.max(minCount[shape], Math.round((rate / firesPerWatched(shape)) * windowS));
}

/**
 * CPU per event, loss and duplicates: one watched name, in each buffer shape, at each
 * rate of events of any name (the watched name gets 1 in 16 in the busy shape), fired
 * inside the emulator (HTTP fires cannot reach 5k/s on two cores while a
 * client runs). Each (shape, rate) runs `rounds` interleaved rounds in which every
 * contender runs once, alone, in a fresh process, the order rotating; a ratio to the
 * floor is taken per round. Each run: the agent restarted and its ring filled in the
 * shape, the watch started, a warm-up at the same rate (1k/s of the watched name at
 * least, ~4 s), then the window.
 */
export async function costScenario(ctx: BenchContext): Promise<CostResults> {
  const { rates } = ctx.sizes.cost;
  const rounds = ctx.sizes.rounds;
  const rows: CostRow[] = [];
  for (const shape of ctx.shapes) {
    for (const rate of rates) {
      for (let r = 0; r < rounds; r++) {
        for (const contender of rotate(ctx.costContenders, r)) {
          const row = await costRun(ctx, shape, rate, r, contender);
          rows.push(row);
          ctx.progress(`cost        ${shape} ${rateLabel(rate).padEnd(6)} r${r} ${contender.padEnd(13)} ${round(row.cpuUsPerEvent, 1)} µs/event (${row.cpuUsPerAnswer} µs/answer, ${row.answersPerEvent} answers/event, ${row.connections} new connections)  lost ${row.lost}  dup ${row.duplicated}`);
        }
      }
    }
  }
  return { rates: [...rates], rounds, windowS: ctx.sizes.cost.windowS, rows };
}

async function costRun(ctx: BenchContext, shape: BufferShape, rate: number, roundNo: number, contender: ContenderName): Promise<CostRow> {
  const count = countAt(ctx, shape, rate);
  const warmup = ctx.sizes.cost.warmup[shape];
  await resetEmulator(ctx);
  const name = runName(`cost-${shape}`, contender);
  await ctx.emulator.call('prefill', { name, shape });
  const client = await startClient(ctx, contender, { record: 'ids' });
  try {
    await client.call('watch', { targets: [name] });
    await ctx.emulator.call('awaitBlocked', { count: 1 });
    // Warm-up, not measured: ~4 s at 1k/s of the watched name at least. Every client's CPU per
    // answer keeps falling for the first ~5 s of a process (V8 still compiling, bench/FINDINGS.md 1.0).
    await client.call('mark');
    const warmRate = rate === 0 ? 0 : Math.max(rate, 1_000 * firesPerWatched(shape));
    await ctx.emulator.call<FireRun>('fireRun', { name, count: warmup, rate: warmRate, shape }, 600_000);
    await awaitDeliveries(client, warmup, 300);
    await ctx.emulator.call('awaitBlocked', { count: 1 });
    await ctx.emulator.call('mark');
    await client.call('mark');
    const run = await ctx.emulator.call<FireRun>('fireRun', { name, count, rate, shape }, 600_000);
    await awaitDeliveries(client, count, ctx.quick ? 300 : 1_000);
    const report = await client.call<ClientReport>('report', { withIds: true });
    const stats = await ctx.emulator.call<EmulatorStats>('stats');
    return costRow(shape, rate, roundNo, contender, run, report, stats);
  } finally {
    await client.stop();
  }
}

function costRow(shape: BufferShape, rate: number, roundNo: number, contender: string, run: FireRun, report: ClientReport, stats: EmulatorStats): CostRow {
  const position = new Map(run.ids.map((id, i) => [id, i]));
  const times = new Uint32Array(run.ids.length);
  let duplicated = 0;
  for (const id of report.ids ?? []) {
    const at = position.get(id);
    if (at === undefined || times[at]! > 0) duplicated++;
    if (at !== undefined) times[at]!++;
  }
  const lostPositions: number[] = [];
  times.forEach((n, i) => n === 0 && lostPositions.push(i));
  const distinct = run.ids.length - lostPositions.length;
  const ranges = toRanges(lostPositions);
  const seconds = (Math.max(report.lastUs, run.startUs) - run.startUs) / 1e6;
  const cpu = cpuMs(report.cpu);
  return {
    shape,
    rate,
    round: roundNo,
    contender,
    fired: run.ids.length,
    firedAll: run.fired,
    firedPerSec: Math.round(run.fired / ((run.endUs - run.startUs) / 1e6)),
    delivered: distinct,
    deliveredPerSec: seconds > 0 ? Math.round(distinct / seconds) : 0,
    lost: lostPositions.length,
    duplicated,
    lostRanges: ranges.slice(0, 10),
    lostRangeCount: ranges.length,
    gapsReported: report.health.gaps,
    errors: report.health.errors,
    cpuMs: round(cpu, 1),
    cpuUsPerEvent: round((cpu * 1000) / Math.max(1, report.delivered), 2),
    cpuUsPerAnswer: Math.round((cpu * 1000) / Math.max(1, stats.listAnswers)),
    listAnswers: stats.listAnswers,
    listBytes: stats.listBytes,
    bytesPerEvent: Math.round(stats.listBytes / Math.max(1, distinct)),
    wireBytesPerEvent: Math.round(stats.listWireBytes / Math.max(1, distinct)),
    answersPerEvent: round(stats.listAnswers / Math.max(1, distinct), 2),
    connections: stats.socketsAccepted,
  };
}
