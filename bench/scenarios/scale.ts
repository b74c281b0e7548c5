import type { ContenderHealth } from '../client/contender';
import { kindOf, type ContenderName } from '../client/contenders';
import { sleep } from '../shared/clock';
import type { ClientReport, EmulatorStats } from '../shared/reports';
import { round, summarize } from '../shared/stats';
import { awaitDeliveries, cpuMs, resetEmulator, runName, startClient, type BenchContext, type NoOpenList } from './context';

/** All subscriptions on one name, or each on its own. */
export type ScaleShape = 'same' | 'distinct';
export const SCALE_SHAPES: readonly ScaleShape[] = ['same', 'distinct'];

/**
 * How a contender holds its subscriptions: `shared` (ours: the library shares one poll),
 * `per-poll` (a long-poll per subscription: the `consul` package and the floor as they
 * come, ours with `shared: false`), `demux` (one long-poll of every event and a
 * name → subscribers map written by hand, the sharing a user of the `consul` package or of
 * bare `node:http` would write).
 */
export type ScaleMode = 'shared' | 'per-poll' | 'demux';

export interface ScaleRow {
  shape: ScaleShape;
  subscriptions: number;
  contender: string;
  mode: ScaleMode;
  /** Why the run was not made (a poll per subscription above the cap), or undefined. */
  skipped?: string;
  /** Long-polls the contender holds (blocked at the agent) once subscribed. */
  polls: number;
  /** TCP connections from the client to the emulator: most open at once, subscribing and delivering. */
  sockets: number;
  /** Heap (used + external) after GC: growth from subscribing, total and per subscription. */
  memoryMB: number;
  memoryPerSubKB: number;
  rssMB: number;
  /** From the first subscribe call until every poll is blocked at the agent. */
  subscribeMs: number;
  /** How long the subscribe calls themselves took. */
  subscribeCallsMs: number;
  /** Deliveries timed (events × their subscribers), missing and extra ones. */
  deliveries: number;
  missing: number;
  extra: number;
  /** Client CPU over the deliveries, per delivery. */
  cpuUsPerDelivery: number;
  clientCpuMs: number;
  emulatorCpuMs: number;
  /** Fire → last subscriber reached: per event (`same`), per round of one event per name (`distinct`). */
  fireToLastMs: { p50: number; max: number; n: number };
  /** From the first unsubscribe call until the agent holds no open list request: median of the rounds, and each. */
  teardownMs: number;
  teardownRunsMs: number[];
  /** How long the unsubscribe calls themselves took (median round). */
  teardownCallsMs: number;
  /** Sockets and timers still alive in the client 200 ms after the last teardown. */
  lingering: Record<string, number>;
  /** Ours: status reports (retries, throttling, gaps). */
  statuses: Record<string, number> | undefined;
}

export interface ScaleResults {
  counts: number[];
  ownPollCap: number;
  deliveries: number;
  batch: number;
  rows: ScaleRow[];
}

/** The ways each contender holds subscriptions in this scenario (the whole-list client adds nothing to the floor here). */
function modesOf(contender: ContenderName): ScaleMode[] {
  switch (kindOf(contender)) {
    case 'ours':
    case 'watcher':
      return ['shared'];
    case 'ours-unshared':
      return ['per-poll'];
    case 'floor':
    case 'consul':
      return ['per-poll', 'demux'];
    default:
      return [];
  }
}

export const scaleLabel = (contender: string, mode: ScaleMode): string =>
  mode === 'demux' ? `${contender} + demux` : contender;

const round1 = (value: number): number => round(value, 1);
const memoryOf = (m: NodeJS.MemoryUsage): number => m.heapUsed + m.external;

/**
 * Scale (issue 12): N subscriptions in one process, all on one name or each on its own,
 * for N in `counts`. Per run: sockets to the agent, heap per subscription, subscribe-all
 * time, then deliveries (same name: events one at a time, each once every poll is blocked
 * again; distinct names: one event per name, `batch` at a time, likewise), repeated until
 * at least `deliveries` deliveries (one name: at least 10 events, so that a few answers in
 * a young process are not all that is measured), with client CPU per delivery and fire → last delivery;
 * then teardown (all unsubscribed at once, until the agent holds no open list request).
 * A poll per subscription runs up to `ownPollCap` subscriptions only (the emulator, like an
 * agent, re-filters its ring for every blocked query on every event, and a real agent
 * refuses the 201st connection from one address): beyond, the row says so instead of
 * running.
 */
export async function scaleScenario(ctx: BenchContext): Promise<ScaleResults> {
  const { counts, ownPollCap, deliveries, batch } = ctx.sizes.scale;
  const rows: ScaleRow[] = [];
  for (const shape of SCALE_SHAPES) {
    for (const n of counts) {
      for (const contender of ctx.contenders) {
        for (const mode of modesOf(contender)) {
          const row = mode === 'per-poll' && n > ownPollCap
            ? skippedRow(shape, n, contender, mode, `not run: a poll per subscription is run up to ${ownPollCap.toLocaleString('en-US')} subscriptions`)
            : await scaleRun(ctx, shape, n, contender, mode);
          rows.push(row);
          ctx.progress(row.skipped
            ? `scale       ${shape} ${String(n).padStart(5)} ${scaleLabel(contender, mode).padEnd(16)} skipped`
            : `scale       ${shape} ${String(n).padStart(5)} ${scaleLabel(contender, mode).padEnd(16)} ${row.sockets} sockets  ${row.memoryPerSubKB} KB/sub  ${row.cpuUsPerDelivery} µs/delivery  fire→last ${row.fireToLastMs.p50} ms  subscribe ${row.subscribeMs} ms  teardown ${row.teardownMs} ms  missing ${row.missing} extra ${row.extra}${row.statuses && Object.keys(row.statuses).length ? ` ${JSON.stringify(row.statuses)}` : ''}`);
        }
      }
    }
  }
  return { counts: [...counts], ownPollCap, deliveries, batch, rows };
}

function skippedRow(shape: ScaleShape, n: number, contender: string, mode: ScaleMode, skipped: string): ScaleRow {
  return {
    shape, subscriptions: n, contender, mode, skipped, polls: n, sockets: 0, memoryMB: 0, memoryPerSubKB: 0, rssMB: 0, subscribeMs: 0, subscribeCallsMs: 0,
    deliveries: 0, missing: 0, extra: 0, cpuUsPerDelivery: 0, clientCpuMs: 0, emulatorCpuMs: 0, fireToLastMs: { p50: 0, max: 0, n: 0 },
    teardownMs: 0, teardownRunsMs: [], teardownCallsMs: 0, lingering: {}, statuses: undefined,
  };
}

interface ScaleReport { missing: number; extra: number; completedAt: Array<[string, number]>; health: ContenderHealth }

async function scaleRun(ctx: BenchContext, shape: ScaleShape, n: number, contender: ContenderName, mode: ScaleMode): Promise<ScaleRow> {
  const { deliveries: minDeliveries, batch, teardownRounds } = ctx.sizes.scale;
  await resetEmulator(ctx);
  const client = await startClient(ctx, contender, { record: 'count' });
  try {
    const prefix = runName(`scale-${shape}`, contender);
    const polls = mode === 'per-poll' ? n : 1;
    const subscribe = (suffix: string) =>
      client.call<{ startUs: number; callsUs: number }>('subscribeMany', { shape, prefix: `${prefix}${suffix}`, count: n, mode: mode === 'demux' ? 'demux' : 'own' }, 120_000);
    const before = await client.call<NodeJS.MemoryUsage>('memory');
    await ctx.emulator.call('mark');
    const subscribed = await subscribe('');
    const blockedAt = await ctx.emulator.call<number>('awaitBlocked', { count: polls, timeoutMs: 120_000 }, 130_000);
    const subscribeMs = (blockedAt - subscribed.startUs) / 1000;
    const after = await client.call<NodeJS.MemoryUsage>('memory');
    await ctx.emulator.call('awaitBlocked', { count: polls, timeoutMs: 60_000 });

    // Deliveries: enough events for at least `minDeliveries` (events × subscribers).
    const eventsPerSub = shape === 'same' ? Math.max(10, Math.ceil(minDeliveries / n)) : Math.max(1, Math.ceil(minDeliveries / n));
    const expected = eventsPerSub * n;
    await client.call('mark', { perEvent: shape === 'same' ? n : 1 });
    const { cpu: emulatorCpuAtMark } = await ctx.emulator.call<{ cpu: NodeJS.CpuUsage }>('stats');
    const fires: Array<{ ids: string[]; atUs: number }> = [];
    if (shape === 'same') {
      const fired = await ctx.emulator.call<{ fires: Array<[string, number]> }>('fireEachWhenBlocked', { name: prefix, count: eventsPerSub, blocked: polls }, 600_000);
      for (const [id, atUs] of fired.fires) fires.push({ ids: [id], atUs });
    } else {
      const names = Array.from({ length: n }, (_, s) => `${prefix}-${s}`);
      const fan = await ctx.emulator.call<{ rounds: Array<{ ids: string[]; startUs: number }> }>('fireFanout', { names, batch, blocked: polls, rounds: eventsPerSub }, 600_000);
      for (const { ids, startUs } of fan.rounds) fires.push({ ids, atUs: startUs });
    }
    await awaitDeliveries(client, expected, 2_000);
    const report = await client.call<ClientReport>('report');
    const stats = await ctx.emulator.call<EmulatorStats>('stats');
    const scale = await client.call<ScaleReport>('scaleReport', { expected: eventsPerSub });
    const completedAt = new Map(scale.completedAt);
    const reach: number[] = [];
    for (const { ids, atUs } of fires) {
      const reached = ids.map((id) => completedAt.get(id));
      if (reached.every((at) => at !== undefined)) reach.push((Math.max(...(reached as number[])) - atUs) / 1000);
    }
    const reachSummary = summarize(reach);

    // Teardown, `teardownRounds` times (a GC pause can land in any one): the emulator
    // watches its open list requests on every loop turn while the client lets go of all.
    const teardowns: Array<{ ms: number; callsMs: number }> = [];
    for (let r = 0; r < teardownRounds; r++) {
      if (r > 0) {
        await subscribe(`-r${r}`);
        await ctx.emulator.call('awaitBlocked', { count: polls, timeoutMs: 120_000 }, 130_000);
      }
      const noneOpen = ctx.emulator.call<NoOpenList>('awaitNoOpenList', { timeoutMs: 30_000 });
      await sleep(50);
      const { startUs, syncUs } = await client.call<{ startUs: number; syncUs: number }>('unwatchAll');
      const closed = await noneOpen;
      teardowns.push({ ms: round1((closed.at - startUs) / 1000), callsMs: round1(syncUs / 1000) });
    }
    await sleep(200);
    const lingering = await client.call<Record<string, number>>('resources');
    const median = [...teardowns].sort((a, b) => a.ms - b.ms)[Math.floor(teardowns.length / 2)]!;
    const memory = memoryOf(after) - memoryOf(before);
    const cpu = cpuMs(report.cpu);
    return {
      shape,
      subscriptions: n,
      contender,
      mode,
      polls,
      sockets: stats.socketsPeak,
      memoryMB: round(memory / 1024 / 1024, 2),
      memoryPerSubKB: round(memory / 1024 / n, 2),
      rssMB: round1((after.rss - before.rss) / 1024 / 1024),
      subscribeMs: round1(subscribeMs),
      subscribeCallsMs: round1(subscribed.callsUs / 1000),
      deliveries: report.delivered,
      missing: scale.missing,
      extra: scale.extra,
      cpuUsPerDelivery: round((cpu * 1000) / Math.max(1, report.delivered), 2),
      clientCpuMs: round1(cpu),
      emulatorCpuMs: round1(cpuMs({ user: stats.cpu.user - emulatorCpuAtMark.user, system: stats.cpu.system - emulatorCpuAtMark.system })),
      fireToLastMs: { p50: round(reachSummary.p50, 2), max: round(reachSummary.max, 2), n: reach.length },
      teardownMs: median.ms,
      teardownRunsMs: teardowns.map((t) => t.ms),
      teardownCallsMs: median.callsMs,
      lingering,
      statuses: scale.health.statuses,
    };
  } finally {
    await client.stop();
  }
}
