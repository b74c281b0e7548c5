import { round, toRanges } from '../shared/stats';
import type { ClientReport, EmulatorStats, FireRun } from '../shared/reports';
import { awaitDeliveries, cpuMs, resetEmulator, runName, startClient, type BenchContext } from './context';

export interface ThroughputRow {
  contender: string;
  /** Events per second asked of the emulator; 0 = as fast as it can fire. */
  rate: number;
  fired: number;
  /** Rate the emulator actually achieved. */
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
  cpuMsPer1k: number;
  /** Client CPU per list answer it processed: the per-poll cost, whatever the batching. */
  cpuUsPerAnswer: number;
  listAnswers: number;
  listBytes: number;
  bytesPerEvent: number;
  /** List bytes on the wire per event (differs from bytesPerEvent only with --agent-gzip). */
  wireBytesPerEvent: number;
  answersPerEvent: number;
}

/**
 * Throughput and loss: `count` events on one name at each rate (after `warmup` events at the
 * same rate, not counted), fired inside the emulator
 * (HTTP fires cannot reach 5k/s on two cores while a client runs). Loss = fired, never
 * delivered; duplicates = delivered more than once. Also the cost: the client's CPU per
 * 1,000 delivered events and the list-answer bytes it had to parse per event.
 */
export async function throughputScenario(ctx: BenchContext): Promise<{ count: number; warmup: number; rows: ThroughputRow[] }> {
  const { count, rates, warmup } = ctx.sizes.throughput;
  const rows: ThroughputRow[] = [];
  for (const rate of rates) {
    for (const contender of ctx.contenders) {
      await resetEmulator(ctx);
      const client = await startClient(ctx, contender, { record: 'ids' });
      try {
        const name = runName('throughput', contender);
        await client.call('watch', { targets: [name] });
        await ctx.emulator.call('awaitBlocked', { count: 1 });
        // Warm-up at the same rate, not measured: the first second of a process is mostly JIT.
        const warm = await ctx.emulator.call<FireRun>('fireRun', { name, count: warmup, rate }, 600_000);
        await awaitDeliveries(client, warmup, warm.endUs, 300);
        await ctx.emulator.call('awaitBlocked', { count: 1 });
        await ctx.emulator.call('mark');
        await client.call('mark');
        const run = await ctx.emulator.call<FireRun>('fireRun', { name, count, rate }, 600_000);
        await awaitDeliveries(client, count, run.endUs);
        const report = await client.call<ClientReport>('report', { withIds: true });
        const stats = await ctx.emulator.call<EmulatorStats>('stats');
        rows.push(throughputRow(contender, rate, run, report, stats));
        const row = rows[rows.length - 1]!;
        ctx.progress(`throughput  ${contender.padEnd(8)} ${rateLabel(rate).padEnd(6)} ${row.deliveredPerSec}/s  lost ${row.lost}  dup ${row.duplicated}  CPU ${row.cpuMsPer1k} ms/1k (${row.cpuUsPerAnswer} µs/answer, ${row.answersPerEvent} answers/event)  ${row.bytesPerEvent} B/event`);
      } finally {
        await client.stop();
      }
    }
  }
  return { count, warmup, rows };
}

export const rateLabel = (rate: number): string => (rate === 0 ? 'max' : `${rate / 1000}k/s`);

function throughputRow(contender: string, rate: number, run: FireRun, report: ClientReport, stats: EmulatorStats): ThroughputRow {
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
    contender,
    rate,
    fired: run.ids.length,
    firedPerSec: Math.round(run.ids.length / ((run.endUs - run.startUs) / 1e6)),
    delivered: distinct,
    deliveredPerSec: seconds > 0 ? Math.round(distinct / seconds) : 0,
    lost: lostPositions.length,
    duplicated,
    lostRanges: ranges.slice(0, 10),
    lostRangeCount: ranges.length,
    gapsReported: report.health.gaps,
    errors: report.health.errors,
    cpuMs: round(cpu, 1),
    cpuMsPer1k: round((cpu / Math.max(1, report.delivered)) * 1000, 1),
    cpuUsPerAnswer: Math.round((cpu * 1000) / Math.max(1, stats.listAnswers)),
    listAnswers: stats.listAnswers,
    listBytes: stats.listBytes,
    bytesPerEvent: Math.round(stats.listBytes / Math.max(1, distinct)),
    wireBytesPerEvent: Math.round(stats.listWireBytes / Math.max(1, distinct)),
    answersPerEvent: round(stats.listAnswers / Math.max(1, distinct), 2),
  };
}
