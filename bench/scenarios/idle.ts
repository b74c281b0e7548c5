import { sleep } from '../shared/clock';
import type { ClientReport, EmulatorStats } from '../shared/reports';
import { round } from '../shared/stats';
import { sharesOnePoll } from '../client/contenders';
import { cpuMs, resetEmulator, runName, startClient, type BenchContext } from './context';

export interface IdleRow { contender: string; watchers: number; seconds: number; cpuMs: number; cpuPercent: number; polls: number; cpuPerPollUs: number; errors: number }

/**
 * Idle: `watchers` watches of distinct names with a short wait and no events; the client's
 * CPU over `seconds`, and how many list answers the agent had to send meanwhile (ours
 * shares one poll among all of them; the others hold one each).
 */
export async function idleScenario(ctx: BenchContext): Promise<{ watchers: number; seconds: number; waitSeconds: number; rows: IdleRow[] }> {
  const { watchers, seconds, waitSeconds } = ctx.sizes.idle;
  const rows: IdleRow[] = [];
  for (const contender of ctx.contenders) {
    await resetEmulator(ctx);
    const client = await startClient(ctx, contender, { record: 'count', waitSeconds });
    try {
      const prefix = runName('idle', contender);
      await client.call('watch', { targets: Array.from({ length: watchers }, (_, i) => `${prefix}-${i}`) });
      await ctx.emulator.call('awaitBlocked', { count: sharesOnePoll(contender) ? 1 : watchers });
      await sleep(waitSeconds * 1000 + 200); // past the first round of timeouts
      await ctx.emulator.call('mark');
      await client.call('mark');
      await sleep(seconds * 1000);
      const report = await client.call<ClientReport>('report');
      const stats = await ctx.emulator.call<EmulatorStats>('stats');
      const cpu = cpuMs(report.cpu);
      const measuredS = (report.endUs - report.markedUs) / 1e6;
      const row: IdleRow = {
        contender,
        watchers,
        seconds,
        cpuMs: round(cpu, 1),
        cpuPercent: round((cpu / 10 / measuredS), 2),
        polls: stats.listAnswers,
        cpuPerPollUs: round((cpu * 1000) / Math.max(1, stats.listAnswers), 0),
        errors: report.health.errors,
      };
      rows.push(row);
      ctx.progress(`idle        ${contender.padEnd(8)} ${row.cpuMs} ms CPU over ${seconds} s (${row.cpuPercent}% of a core), ${row.polls} polls, ${row.cpuPerPollUs} µs/poll`);
    } finally {
      await client.stop();
    }
  }
  return { watchers, seconds, waitSeconds, rows };
}
