import { round } from '../shared/stats';
import { rateLabel } from '../scenarios/throughput';
import type { BenchResults, TargetCheck } from './results';

const OURS = ['ours', 'watcher'];

/**
 * Judges the issue's targets against one run, for `consulEvents$` (ours) and the watcher:
 * latency p50 ≤ 1.2 × floor and < consul; CPU per delivered event ≤ ½ consul (each rate);
 * zero duplicates everywhere; zero loss wherever the floor lost nothing; heap growth < 2 MB
 * over the memory run; 1,000 subscriptions < 50 MB; teardown of 1,000 < 100 ms.
 */
export function checkTargets(results: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const lat = results.latency?.rows ?? [];
  const latOf = (c: string) => lat.find((r) => r.contender === c);
  for (const who of OURS) {
    const ours = latOf(who);
    const floor = latOf('floor');
    const consul = latOf('consul');
    if (ours && floor) {
      const ratio = ours.p50 / floor.p50;
      checks.push({ target: 'latency p50 ≤ 1.2× floor', who, value: `${round(ours.p50, 0)} µs = ${round(ratio, 2)}× floor (${round(floor.p50, 0)} µs)`, met: ratio <= 1.2 });
    }
    if (ours && consul) {
      checks.push({ target: 'latency p50 < consul', who, value: `${round(ours.p50, 0)} µs vs ${round(consul.p50, 0)} µs (${round(ours.p50 / consul.p50, 2)}×)`, met: ours.p50 < consul.p50 });
    }
  }

  const tp = results.throughput?.rows ?? [];
  const rates = [...new Set(tp.map((r) => r.rate))];
  for (const who of OURS) {
    for (const rate of rates) {
      const ours = tp.find((r) => r.contender === who && r.rate === rate);
      const consul = tp.find((r) => r.contender === 'consul' && r.rate === rate);
      const floor = tp.find((r) => r.contender === 'floor' && r.rate === rate);
      if (ours && consul) {
        const ratio = ours.cpuMsPer1k / consul.cpuMsPer1k;
        checks.push({
          target: `CPU/event ≤ ½ consul+dedupe @${rateLabel(rate)}`, who,
          value: `${ours.cpuMsPer1k} vs ${consul.cpuMsPer1k} ms/1k = ${round(ratio, 2)}× (floor ${floor?.cpuMsPer1k ?? '?'})`,
          met: ratio <= 0.5,
          ...(floor && floor.cpuMsPer1k > consul.cpuMsPer1k / 2 && { note: 'the floor itself is above ½ consul here' }),
        });
      }
      if (ours) checks.push({ target: `zero duplicates, throughput @${rateLabel(rate)}`, who, value: `${ours.duplicated}`, met: ours.duplicated === 0 });
      if (ours && floor && floor.lost === 0) {
        checks.push({ target: `zero loss where the floor has none @${rateLabel(rate)}`, who, value: `lost ${ours.lost} (floor 0)`, met: ours.lost === 0 });
      } else if (ours && floor) {
        checks.push({ target: `loss @${rateLabel(rate)} (floor lost too: not a target)`, who, value: `lost ${ours.lost} vs floor ${floor.lost}, gaps reported ${ours.gapsReported}`, met: null });
      }
    }
  }

  const fan = results.fanout?.rows ?? [];
  const n = results.fanout?.subscriptions ?? 0;
  for (const row of fan.filter((r) => OURS.includes(r.contender))) {
    const floor = fan.find((r) => r.contender === 'floor' && r.mode === row.mode);
    checks.push({ target: `zero duplicates, fan-out ${row.mode}`, who: row.contender, value: `${row.duplicated}`, met: row.duplicated === 0 });
    if (floor && floor.lost === 0) checks.push({ target: `zero loss, fan-out ${row.mode}`, who: row.contender, value: `lost ${row.lost}`, met: row.lost === 0 });
    if (row.mode === 'per-name') {
      const per1000 = (row.memoryPerSubKB * 1000) / 1024;
      checks.push({
        target: '1,000 subscriptions < 50 MB', who: row.contender,
        value: `${round(per1000, 1)} MB per 1,000 (heap+external after GC; ${row.memoryPerSubKB} KB each${n !== 1000 ? `, measured with ${n}` : ''}; RSS +${row.rssMB} MB)`,
        met: per1000 < 50,
      });
      checks.push({
        target: 'teardown of 1,000 < 100 ms', who: row.contender,
        value: `${row.teardownMs} ms median of ${(row.teardownRunsMs ?? []).join(' / ')}${n !== 1000 ? ` (for ${n})` : ''}; floor ${floor?.teardownMs ?? '?'} ms`,
        met: row.teardownMs < 100,
        ...(n !== 1000 && { note: `measured with ${n} subscriptions (--quick)` }),
      });
    }
  }
  const mem = results.memory;
  const memFloor = mem?.rows.find((r) => r.contender === 'floor');
  for (const row of (mem?.rows ?? []).filter((r) => OURS.includes(r.contender))) {
    if (memFloor && memFloor.delivered === memFloor.fired) {
      checks.push({
        target: `zero loss where the floor has none, memory run @${mem!.rate.toLocaleString('en-US')}/s`, who: row.contender,
        value: `delivered ${row.delivered.toLocaleString('en-US')} of ${row.fired.toLocaleString('en-US')} (floor all)`,
        met: row.delivered === row.fired,
      });
    }
    checks.push({
      target: `heap growth < 2 MB over ${mem!.count.toLocaleString('en-US')} events`, who: row.contender,
      value: `${row.heapGrowthMB >= 0 ? '+' : ''}${row.heapGrowthMB} MB (${row.delivered.toLocaleString('en-US')} delivered)`,
      met: row.heapGrowthMB < 2,
      ...(mem!.count !== 100_000 && { note: 'fewer events than the target names (--quick)' }),
    });
  }
  return checks;
}
