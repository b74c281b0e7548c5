import { nowUs, sleep } from '../shared/clock';
import type { ClientReport, EmulatorStats } from '../shared/reports';
import { round } from '../shared/stats';
import type { ContenderName } from '../client/contenders';
import { awaitDeliveries, cpuMs, resetEmulator, runName, startClient, type BenchContext, type NoOpenList } from './context';

/** `per-name`: one watch per name; `one-poll`: one watch for all the names (one unfiltered long-poll, filtered in the client). */
export type FanoutMode = 'per-name' | 'one-poll';

export interface FanoutRow {
  mode: FanoutMode;
  contender: string;
  names: number;
  /** Heap (used + external) after GC, before subscribing and once every poll is blocked at the agent. */
  memoryMB: number;
  memoryPerSubKB: number;
  rssMB: number;
  /** From the first `watch` call until the agent holds every poll (blocked). */
  subscribeMs: number;
  /** From the first fire until the last of the one-per-name events was delivered. */
  reachAllMs: number;
  /** Of which the emulator spent this long storing events and waking its blocked queries. */
  emulatorFireMs: number;
  delivered: number;
  lost: number;
  duplicated: number;
  /** From the first unsubscribe call until the agent sees no open list request (median of three rounds). */
  teardownMs: number;
  /** The three rounds, the first with a process that has just run the fan-out. */
  teardownRunsMs: number[];
  /** The same by the emulator's own `openListRequests` (null: it never reached its earlier floor within 1 s). */
  teardownByEmulatorCounterMs: number | null;
  /** How long the unsubscribe calls themselves took (synchronously). */
  teardownSyncMs: number;
  /** CPU time of the client and of the emulator from the first fire to the last delivery. */
  clientCpuMs: number;
  emulatorCpuMs: number;
  /** List requests the emulator held (blocked) and had open when the firing started. */
  heldBefore: { blocked: number; open: number };
  /** Ours only: status reports during the fan-out (e.g. throttled, gap). */
  statuses: Record<string, number> | undefined;
  /** Sockets and timers still alive in the client 200 ms after the teardown. */
  lingering: Record<string, number>;
}

const round1 = (value: number): number => round(value, 1);
const memoryOf = (m: NodeJS.MemoryUsage): number => m.heapUsed + m.external;

/**
 * Fan-out: `subscriptions` watches on distinct names in one process (and one watch for all
 * of them where the contender can), memory per subscription, the time until one event fired
 * on each name has reached its watch, then teardown: unsubscribe all, time until the
 * emulator sees no open list request.
 */
export async function fanoutScenario(ctx: BenchContext): Promise<{ subscriptions: number; batch: number; rows: FanoutRow[] }> {
  const { subscriptions, batch } = ctx.sizes.fanout;
  const rows: FanoutRow[] = [];
  const modes: FanoutMode[] = ['per-name', 'one-poll'];
  for (const mode of modes) {
    for (const contender of ctx.contenders) {
      if (mode === 'one-poll' && contender.startsWith('watcher')) continue; // watch() takes one name
      rows.push(await fanoutRun(ctx, mode, contender, subscriptions, batch));
      const row = rows[rows.length - 1]!;
      ctx.progress(`fan-out     ${contender.padEnd(8)} ${mode.padEnd(8)} ${row.memoryPerSubKB} KB/sub  reach-all ${row.reachAllMs} ms (CPU: client ${row.clientCpuMs} ms, emulator ${row.emulatorCpuMs} ms)${row.statuses ? ` ${JSON.stringify(row.statuses)}` : ''}  teardown ${row.teardownMs} ms  lost ${row.lost}`);
    }
  }
  return { subscriptions, batch, rows };
}

async function fanoutRun(ctx: BenchContext, mode: FanoutMode, contender: ContenderName, count: number, batch: number): Promise<FanoutRow> {
  await resetEmulator(ctx);
  const client = await startClient(ctx, contender, { record: 'ids' });
  try {
    const prefix = runName('fanout', contender);
    const names = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
    const polls = mode === 'per-name' ? count : 1;
    const before = await client.call<NodeJS.MemoryUsage>('memory');
    const subscribeStart = nowUs();
    await client.call('watch', { targets: mode === 'per-name' ? names : [names] });
    await ctx.emulator.call('awaitBlocked', { count: polls, timeoutMs: 60_000 });
    const subscribeMs = (nowUs() - subscribeStart) / 1000;
    const after = await client.call<NodeJS.MemoryUsage>('memory');
    await ctx.emulator.call('awaitBlocked', { count: polls, timeoutMs: 60_000 });

    const held = await ctx.emulator.call<EmulatorStats>('stats');
    await client.call('mark');
    const { cpu: emulatorCpuAtMark } = await ctx.emulator.call<{ cpu: NodeJS.CpuUsage }>('mark');
    const fan = await ctx.emulator.call<{ ids: string[]; startUs: number; endUs: number; fireUs: number }>(
      'fireFanout', { names, batch, blocked: polls }, 300_000);
    await awaitDeliveries(client, count, fan.endUs, 2_000);
    const report = await client.call<ClientReport>('report', { withIds: true });
    const emulatorCpu = (await ctx.emulator.call<EmulatorStats>('stats')).cpu;
    const fired = new Set(fan.ids);
    const got = new Set<string>();
    let duplicated = 0;
    for (const id of report.ids ?? []) {
      if (got.has(id) || !fired.has(id)) duplicated++;
      got.add(id);
    }

    // Teardown, three times (a GC pause can land in any one): the emulator watches its
    // open-request count on every loop turn before the client lets go of every watch.
    const teardowns: Array<{ ms: number; syncMs: number; counterMs: number | null }> = [];
    for (let round = 0; round < 3; round++) {
      if (round > 0) {
        await client.call('watch', { targets: mode === 'per-name' ? names.map((n) => `${n}-r${round}`) : [names.map((n) => `${n}-r${round}`)] });
        await ctx.emulator.call('awaitBlocked', { count: polls, timeoutMs: 60_000 });
      }
      const noneOpen = ctx.emulator.call<NoOpenList>('awaitNoOpenList', { timeoutMs: 30_000 });
      await sleep(50);
      const { startUs, syncUs } = await client.call<{ startUs: number; syncUs: number }>('unwatchAll');
      const closed = await noneOpen;
      teardowns.push({
        ms: round1((closed.at - startUs) / 1000),
        syncMs: round1(syncUs / 1000),
        counterMs: closed.counterAt === undefined ? null : round1((closed.counterAt - startUs) / 1000),
      });
    }
    await sleep(200);
    const lingering = await client.call<Record<string, number>>('resources');
    const median = <T>(values: T[], key: (v: T) => number): T => [...values].sort((a, b) => key(a) - key(b))[1]!;
    const teardown = median(teardowns, (t) => t.ms);

    const memory = memoryOf(after) - memoryOf(before);
    return {
      mode,
      contender,
      names: count,
      memoryMB: round(memory / 1024 / 1024, 2),
      memoryPerSubKB: round(memory / 1024 / (mode === 'per-name' ? count : 1), 1),
      rssMB: round((after.rss - before.rss) / 1024 / 1024, 1),
      subscribeMs: round(subscribeMs, 0),
      reachAllMs: round((report.lastUs - fan.startUs) / 1000, 1),
      emulatorFireMs: round(fan.fireUs / 1000, 1),
      delivered: got.size,
      lost: fan.ids.filter((id) => !got.has(id)).length,
      duplicated,
      clientCpuMs: round(cpuMs(report.cpu), 0),
      emulatorCpuMs: round(cpuMs({ user: emulatorCpu.user - emulatorCpuAtMark.user, system: emulatorCpu.system - emulatorCpuAtMark.system }), 0),
      statuses: report.health.statuses,
      heldBefore: { blocked: held.pendingWaits, open: held.openListRequests },
      teardownMs: teardown.ms,
      teardownRunsMs: teardowns.map((t) => t.ms),
      teardownByEmulatorCounterMs: teardown.counterMs,
      teardownSyncMs: teardown.syncMs,
      lingering,
    };
  } finally {
    await client.stop();
  }
}
