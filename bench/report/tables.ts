import { rateLabel } from '../scenarios/throughput';
import { round } from '../shared/stats';
import type { BenchResults } from './results';
import { count, table } from './table';

const ranges = (rs: Array<[number, number]>, total: number): string =>
  rs.length === 0 ? '' : `${rs.slice(0, 3).map(([a, b]) => (a === b ? `#${a}` : `#${a}–${b}`)).join(', ')}${total > 3 ? ` … (${total} runs)` : ''}`;

/** One titled table per scenario that ran, plus the targets. */
export function resultTables(results: BenchResults): Array<{ title: string; body: string }> {
  const out: Array<{ title: string; body: string }> = [];
  const { latency, throughput, memory, fanout, idle, targets } = results;
  if (latency) {
    const floor = latency.rows.find((r) => r.contender === 'floor');
    out.push({
      title: `Latency: fire (HTTP PUT) → delivered, ${count(latency.count)} sequential events, µs`,
      body: table(
        ['contender', 'p50', 'p95', 'p99', 'mean', 'max', 'p50 vs floor'],
        latency.rows.map((r) => [r.contender, round(r.p50, 0), round(r.p95, 0), round(r.p99, 0), round(r.mean, 0), round(r.max, 0), floor ? `${round(r.p50 / floor.p50, 2)}×` : '']),
        [false, true, true, true, true, true, true],
      ),
    });
  }
  if (throughput) {
    out.push({
      title: `Throughput and loss: ${count(throughput.count)} events on one name per run (after ${count(throughput.warmup)} at the same rate, not counted)`,
      body: table(
        ['rate', 'contender', 'fired/s', 'delivered/s', 'lost', 'where lost (firing positions)', 'dup', 'gaps reported'],
        throughput.rows.map((r) => [rateLabel(r.rate), r.contender, count(r.firedPerSec), count(r.deliveredPerSec), r.lost, ranges(r.lostRanges, r.lostRangeCount), r.duplicated, r.contender.startsWith('ours') || r.contender.startsWith('watcher') ? r.gapsReported : 'n/a']),
        [false, false, true, true, true, false, true, true],
      ),
    });
    out.push({
      title: 'Cost: client CPU (user + system) per 1,000 delivered, list bytes received per event',
      body: table(
        ['rate', 'contender', 'CPU ms / 1k events', 'vs consul', 'vs floor', 'CPU µs / list answer', 'list answers / event', 'list bytes / event'],
        throughput.rows.map((r) => {
          const consul = throughput.rows.find((c) => c.contender === 'consul' && c.rate === r.rate);
          const floor = throughput.rows.find((c) => c.contender === 'floor' && c.rate === r.rate);
          const ratio = (other: typeof consul) => (other ? `${round(r.cpuMsPer1k / other.cpuMsPer1k, 2)}×` : '');
          return [rateLabel(r.rate), r.contender, r.cpuMsPer1k, ratio(consul), ratio(floor), count(r.cpuUsPerAnswer), r.answersPerEvent, count(r.bytesPerEvent)];
        }),
        [false, false, true, true, true, true, true, true],
      ),
    });
  }
  if (memory) {
    out.push({
      title: `Memory: heap after GC, one subscription, before/after ${count(memory.count)} events (fired at ${count(memory.rate)}/s)`,
      body: table(
        ['contender', 'delivered', 'heap before MB', 'heap after MB', 'growth MB', 'RSS before → after MB'],
        memory.rows.map((r) => [r.contender, count(r.delivered), r.heapBeforeMB, r.heapAfterMB, r.heapGrowthMB, `${r.rssBeforeMB} → ${r.rssAfterMB}`]),
        [false, true, true, true, true, true],
      ),
    });
  }
  if (fanout) {
    out.push({
      title: `Fan-out and teardown: ${count(fanout.subscriptions)} names in one process (one event per name, fired ${fanout.batch} at a time, each batch once every poll is back)`,
      body: table(
        ['mode', 'contender', 'heap+ext MB', 'KB / sub', 'RSS MB', 'subscribe ms', 'reach-all ms', 'client CPU ms', 'emulator CPU ms', 'lost', 'dup', 'teardown ms (3 rounds)', 'unsubscribe calls ms', 'status reports'],
        fanout.rows.map((r) => [
          r.mode, r.contender, r.memoryMB, r.memoryPerSubKB, r.rssMB, r.subscribeMs, r.reachAllMs, r.clientCpuMs, r.emulatorCpuMs, r.lost, r.duplicated,
          `${r.teardownMs} (${(r.teardownRunsMs ?? []).join(' / ')})`, r.teardownSyncMs,
          r.statuses ? Object.entries(r.statuses).map(([k, v]) => `${v} ${k}`).join(', ') || 'none' : 'n/a',
        ]),
        [false, false, true, true, true, true, true, true, true, true, true, true, true, false],
      ),
    });
  }
  if (idle) {
    out.push({
      title: `Idle: ${idle.watchers} watchers, wait ${idle.waitSeconds} s, no events, ${idle.seconds} s`,
      body: table(
        ['contender', 'CPU ms', '% of a core', 'polls answered', 'CPU µs / poll'],
        idle.rows.map((r) => [r.contender, r.cpuMs, r.cpuPercent, count(r.polls), r.cpuPerPollUs]),
        [false, true, true, true, true],
      ),
    });
  }
  if (targets) {
    out.push({
      title: 'Targets',
      body: table(
        ['target', 'who', 'measured', 'met'],
        targets.map((t) => [t.target, t.who, t.value + (t.note ? ` — ${t.note}` : ''), t.met === null ? '—' : t.met ? 'yes' : '**NO**']),
      ),
    });
  }
  return out;
}
