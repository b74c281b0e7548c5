import { nowUs } from '../shared/clock';
import type { ClientReport, FireRun } from '../shared/reports';
import { round } from '../shared/stats';
import { awaitDeliveries, resetEmulator, runName, startClient, type BenchContext } from './context';

export interface MemoryRow {
  contender: string;
  fired: number;
  delivered: number;
  heapBeforeMB: number;
  heapAfterMB: number;
  heapGrowthMB: number;
  rssBeforeMB: number;
  rssAfterMB: number;
}

const MB = 1024 * 1024;

/**
 * Memory: heap after a full GC, once the subscription is warm (`warmup` events through it)
 * and again after `count` more events through the same subscription. The client only
 * counts deliveries here, so the bench itself keeps nothing per event.
 */
export async function memoryScenario(ctx: BenchContext): Promise<{ count: number; rate: number; rows: MemoryRow[] }> {
  const { count, warmup, rate } = ctx.sizes.memory;
  const rows: MemoryRow[] = [];
  for (const contender of ctx.contenders) {
    await resetEmulator(ctx);
    const client = await startClient(ctx, contender, { record: 'count' });
    try {
      const name = runName('memory', contender);
      await client.call('watch', { targets: [name] });
      await ctx.emulator.call('awaitBlocked', { count: 1 });
      await ctx.emulator.call<FireRun>('fireRun', { name, count: warmup, rate });
      await awaitDeliveries(client, warmup);
      await ctx.emulator.call('awaitBlocked', { count: 1 });
      const before = await client.call<NodeJS.MemoryUsage>('memory');
      await client.call('mark');
      const run = await ctx.emulator.call<FireRun>('fireRun', { name, count, rate }, 600_000);
      await awaitDeliveries(client, count);
      const report = await client.call<ClientReport>('report');
      await ctx.emulator.call('awaitBlocked', { count: 1 });
      const after = await client.call<NodeJS.MemoryUsage>('memory');
      const row: MemoryRow = {
        contender,
        fired: count,
        delivered: report.delivered,
        heapBeforeMB: round(before.heapUsed / MB, 2),
        heapAfterMB: round(after.heapUsed / MB, 2),
        heapGrowthMB: round((after.heapUsed - before.heapUsed) / MB, 3),
        rssBeforeMB: round(before.rss / MB, 1),
        rssAfterMB: round(after.rss / MB, 1),
      };
      rows.push(row);
      ctx.progress(`memory      ${contender.padEnd(8)} heap ${row.heapBeforeMB} → ${row.heapAfterMB} MB (${row.heapGrowthMB >= 0 ? '+' : ''}${row.heapGrowthMB} MB) over ${row.delivered} delivered (${Math.round((nowUs() - run.startUs) / 1e6)} s)`);
    } finally {
      await client.stop();
    }
  }
  return { count, rate, rows };
}
