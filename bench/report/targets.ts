import { isOurs } from '../client/contenders';
import { rateLabel } from '../scenarios/cost';
import { methodLabel } from '../scenarios/latency';
import { shapeShort, type BufferShape } from '../scenarios/shapes';
import { round } from '../shared/stats';
import { distinct, ratioText, roundRatios } from './aggregate';
import type { BenchResults, TargetCheck } from './results';

/** Rates the CPU target names (issue 16): 100/s, 1k/s, 5k/s. */
const TARGET_RATES = [100, 1_000, 5_000];
const CPU_RATIO = 1.15;
/** A watch of several names or of every event against a one-name watch, per event (issue 16). */
const NAMES_RATIO = 1.2;
/** The cost scenario's watches of several names and of every event, judged against `ours`. */
const WIDER_WATCHES: Record<string, string> = { 'ours-names': 'several names', 'ours-all': 'every event' };
const LATENCY_RATIO = 1.1;

/** The contender without a variant suffix: `ours@before` → `ours`. */
const base = (contender: string): string => contender.split('@')[0]!;

/**
 * Whether issue 16's per-event targets apply to `contender` in `shape`. They compare a
 * one-name watch with a floor that asks the agent for that name only. In the `only` shape
 * every listed event is of that name, so the shared poll (which lists every event) reads
 * the same list as the floor. In the busy shape the shared poll is woken by the 64 other
 * names' events too (a cost the design accepts, docs/DESIGN.md): there the like-for-like
 * contender is `shared: false`, and the shared poll's ratio is reported, not judged.
 */
const judged = (contender: string, shape: BufferShape): boolean => base(contender) === 'ours-unshared' || (base(contender) === 'ours' && shape === 'only');

const SHARED_BUSY_NOTE = 'shared poll, woken by every event of the 64 other names: reported, not judged (the target compares a one-name watch with a name-filtered floor; shared: false is that watch)';

/**
 * Judges the issues' targets against one run: issue 16 (ratios to the tight floor, median
 * of the interleaved rounds: CPU per event ≤ 1.15× at 100/s, 1k/s and 5k/s in both
 * shapes; latency p50 back to back ≤ 1.1×; `require` ≤ 45 ms and ≤ 6 MB heap), issue 12
 * (10,000 subscriptions in < 30 MB on 1 socket, CPU per delivery at 1,000 subscribers
 * ≤ 3 µs, teardown of 10,000 < 50 ms; a watch of several names or of every event
 * ≤ 1.2× a one-name watch per event), and throughout: no duplicates, no loss where the
 * floor lost nothing, heap growth < 2 MB over the memory run.
 */
export function checkTargets(results: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const ours = (results.meta.contenders ?? []).filter((c) => isOurs(c) && base(c) !== 'watcher');
  const cost = results.cost?.rows ?? [];
  const wider = distinct(cost, (r) => r.contender).filter((c) => WIDER_WATCHES[base(c)] !== undefined);

  for (const row of results.startup?.rows ?? []) {
    if (row.module !== 'rx-consul-events') continue;
    const node = results.startup!.rows.find((r) => r.module === 'node alone');
    checks.push({ target: 'require() ≤ 45 ms in a fresh process', who: 'ours', value: `${row.requireMs} ms (median of ${row.runs}; max ${row.requireMsMax})`, met: row.requireMs <= 45 });
    checks.push({
      target: 'heap ≤ 6 MB after require() in a fresh process', who: 'ours',
      value: `${row.heapAfterMB} MB (+${row.heapAddedMB} MB over ${node ? `Node alone, ${node.heapAfterMB} MB` : 'Node alone'})`, met: row.heapAfterMB <= 6,
    });
  }

  for (const shape of distinct(cost, (r) => r.shape)) {
    for (const rate of distinct(cost, (r) => r.rate)) {
      const rows = cost.filter((r) => r.shape === shape && r.rate === rate);
      const floorRows = rows.filter((r) => r.contender === 'floor');
      for (const who of wider) {
        const ratio = TARGET_RATES.includes(rate) ? roundRatios(rows, who, 'ours', (r) => r.cpuUsPerEvent) : undefined;
        if (!ratio) continue;
        checks.push({
          target: `CPU per event ≤ ${NAMES_RATIO}× a one-name watch (ours), ${WIDER_WATCHES[base(who)]}, ${shapeShort(shape)} @${rateLabel(rate)}`, who,
          value: `${ratioText(ratio).replace(/\*\*/g, '')} (median of ${ratio.n})`,
          met: ratio.median <= NAMES_RATIO,
        });
      }
      for (const who of [...ours, ...wider]) {
        const mine = rows.filter((r) => r.contender === who);
        if (mine.length === 0) continue;
        if (TARGET_RATES.includes(rate) && WIDER_WATCHES[base(who)] === undefined) {
          const ratio = roundRatios(rows, who, 'floor', (r) => r.cpuUsPerEvent);
          if (ratio) {
            checks.push({
              target: `CPU per event ≤ ${CPU_RATIO}× floor, ${shapeShort(shape)} @${rateLabel(rate)}`, who,
              value: `${ratioText(ratio).replace(/\*\*/g, '')} (median of ${ratio.n})`,
              met: judged(who, shape) ? ratio.median <= CPU_RATIO : null,
              ...(!judged(who, shape) && { note: SHARED_BUSY_NOTE }),
            });
          }
        }
        const dup = mine.reduce((a, r) => a + r.duplicated, 0);
        checks.push({ target: `zero duplicates, ${shapeShort(shape)} @${rateLabel(rate)}`, who, value: `${dup}`, met: dup === 0 });
        const floorLost = floorRows.reduce((a, r) => a + r.lost, 0);
        const lost = mine.reduce((a, r) => a + r.lost, 0);
        if (floorRows.length > 0 && floorLost === 0) {
          checks.push({ target: `zero loss where the floor has none, ${shapeShort(shape)} @${rateLabel(rate)}`, who, value: `lost ${lost}`, met: lost === 0 });
        } else if (floorRows.length > 0) {
          const gaps = mine.reduce((a, r) => a + r.gapsReported, 0);
          checks.push({ target: `loss, ${shapeShort(shape)} @${rateLabel(rate)} (the floor lost too: not a target)`, who, value: `lost ${lost} vs floor ${floorLost}, gaps reported ${gaps}`, met: null });
        }
      }
    }
  }

  const latency = results.latency?.rows ?? [];
  for (const shape of distinct(latency, (r) => r.shape)) {
    const rows = latency.filter((r) => r.shape === shape && r.method === 'back-to-back');
    for (const who of ours) {
      const ratio = roundRatios(rows, who, 'floor', (r) => r.p50);
      if (!ratio) continue;
      checks.push({
        target: `latency p50 ≤ ${LATENCY_RATIO}× floor, ${methodLabel('back-to-back')}, ${shapeShort(shape)}`, who,
        value: `${ratioText(ratio).replace(/\*\*/g, '')} (median of ${ratio.n})`,
        met: judged(who, shape) ? ratio.median <= LATENCY_RATIO : null,
        ...(!judged(who, shape) && { note: SHARED_BUSY_NOTE }),
      });
    }
  }

  const scale = (results.scale?.rows ?? []).filter((r) => !r.skipped && base(r.contender) === 'ours' && r.mode === 'shared');
  for (const row of scale) {
    const label = `${row.shape === 'same' ? 'one name' : 'distinct names'}`;
    const who = row.contender;
    if (row.subscriptions === 10_000) {
      checks.push({ target: `10,000 subscriptions < 30 MB (${label})`, who, value: `${row.memoryMB} MB (${row.memoryPerSubKB} KB each, heap + external after GC)`, met: row.memoryMB < 30 });
      checks.push({ target: `10,000 subscriptions on 1 socket (${label})`, who, value: `${row.sockets}`, met: row.sockets === 1 });
      checks.push({ target: `teardown of 10,000 < 50 ms (${label})`, who, value: `${row.teardownMs} ms (${row.teardownRunsMs.join(' / ')})`, met: row.teardownMs < 50 });
    }
    if (row.subscriptions === 1_000) {
      // Issue 12's figure is a fan-out (1,000 subscribers of one name): one answer per 1,000 deliveries.
      // With distinct names each delivery is an event of its own, read from an answer shared by ~64.
      checks.push({
        target: `CPU per delivery at 1,000 subscribers ≤ 3 µs (${label})`, who, value: `${row.cpuUsPerDelivery} µs over ${row.deliveries.toLocaleString('en-US')} deliveries`,
        met: row.shape === 'same' ? row.cpuUsPerDelivery <= 3 : null,
        ...(row.shape === 'distinct' && { note: 'reported, not judged: the target is a fan-out of one name; here every delivery is an event of its own (see the per-event cost)' }),
      });
    }
    checks.push({ target: `every subscriber gets each of its events once, ${row.subscriptions.toLocaleString('en-US')} (${label})`, who, value: `missing ${row.missing}, extra ${row.extra}`, met: row.missing === 0 && row.extra === 0 });
  }

  const mem = results.memory;
  const memFloor = mem?.rows.find((r) => r.contender === 'floor');
  for (const row of (mem?.rows ?? []).filter((r) => isOurs(r.contender))) {
    if (memFloor && memFloor.delivered === memFloor.fired) {
      checks.push({
        target: `zero loss where the floor has none, memory run @${mem!.rate.toLocaleString('en-US')}/s`, who: row.contender,
        value: `delivered ${row.delivered.toLocaleString('en-US')} of ${row.fired.toLocaleString('en-US')}`,
        met: row.delivered === row.fired,
      });
    }
    checks.push({
      target: `heap growth < 2 MB over ${mem!.count.toLocaleString('en-US')} events`, who: row.contender,
      value: `${row.heapGrowthMB >= 0 ? '+' : ''}${round(row.heapGrowthMB, 3)} MB`,
      met: row.heapGrowthMB < 2,
      ...(mem!.count !== 100_000 && { note: 'fewer events than the target names (--quick)' }),
    });
  }
  return checks;
}
