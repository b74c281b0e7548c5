import { rateLabel } from '../scenarios/cost';
import { methodLabel } from '../scenarios/latency';
import { scaleLabel } from '../scenarios/scale';
import { shapeShort } from '../scenarios/shapes';
import { round } from '../shared/stats';
import { costSummary, distinct, latencySummary, ratioText, roundRatios } from './aggregate';
import type { BenchResults } from './results';
import { count, table } from './table';

const ranges = (rs: Array<[number, number]>, total: number): string =>
  rs.length === 0 ? '' : `${rs.slice(0, 3).map(([a, b]) => (a === b ? `#${a}` : `#${a}–${b}`)).join(', ')}${total > 3 ? ` … (${total} runs)` : ''}`;

/** `12.3` or `11.9–12.8` (min–max over rounds) for a per-round figure. */
const range = (s: { min: number; max: number; median: number; n: number }, digits = 1): string =>
  s.n === 1 ? `${round(s.median, digits)}` : `${round(s.median, digits)} (${round(s.min, digits)}–${round(s.max, digits)})`;

/** The contenders the ratio columns compare with the floor. */
const RATIO_OF = ['ours', 'ours-unshared', 'ours-names', 'ours-all', 'whole-list', 'consul'];

/** One titled table per scenario that ran, plus the targets. */
export function resultTables(results: BenchResults): Array<{ title: string; body: string }> {
  const out: Array<{ title: string; body: string }> = [];
  const { startup, latency, cost, memory, scale, idle, targets } = results;
  const rounds = results.meta.rounds ?? 1;

  if (cost || latency) {
    const rows: Array<Array<string | number>> = [];
    const whoIn = (all: readonly { contender: string }[]) => RATIO_OF.filter((c) => all.some((r) => r.contender === c)).concat(
      distinct(all, (r) => r.contender).filter((c) => c.includes('@')),
    );
    const header = cost ? whoIn(cost.rows) : whoIn(latency!.rows);
    for (const shape of distinct(cost?.rows ?? [], (r) => r.shape)) {
      for (const rate of distinct(cost!.rows, (r) => r.rate)) {
        const group = cost!.rows.filter((r) => r.shape === shape && r.rate === rate);
        rows.push([`CPU per event, ${shapeShort(shape)} @${rateLabel(rate)}`, ...header.map((c) => ratioText(roundRatios(group, c, 'floor', (r) => r.cpuUsPerEvent)))]);
      }
    }
    for (const shape of distinct(latency?.rows ?? [], (r) => r.shape)) {
      for (const method of distinct(latency!.rows, (r) => r.method)) {
        const group = latency!.rows.filter((r) => r.shape === shape && r.method === method);
        rows.push([`latency p50, ${shapeShort(shape)}, ${methodLabel(method)}`, ...header.map((c) => ratioText(roundRatios(group, c, 'floor', (r) => r.p50)))]);
      }
    }
    out.push({
      title: `Against the tight floor: ratios, ${rounds > 1 ? `min / **median** / max over ${rounds} interleaved rounds` : 'one round'}`,
      body: table(['figure', ...header], rows, [false, ...header.map(() => true)]),
    });
  }

  if (startup) {
    out.push({
      title: 'Start-up: one module loaded in a fresh process',
      body: table(
        ['module', 'require() ms (median)', 'max', 'heap after GC, MB', 'added by the module, MB'],
        startup.rows.map((r) => [r.module, r.requireMs, r.requireMsMax, r.heapAfterMB, r.heapAddedMB]),
        [false, true, true, true, true],
      ),
    });
  }

  if (latency) {
    const rows: Array<Array<string | number>> = [];
    for (const shape of distinct(latency.rows, (r) => r.shape)) {
      for (const method of distinct(latency.rows, (r) => r.method)) {
        const group = latency.rows.filter((r) => r.shape === shape && r.method === method);
        for (const contender of distinct(group, (r) => r.contender)) {
          const s = latencySummary(group.filter((r) => r.contender === contender));
          rows.push([
            shapeShort(shape), methodLabel(method), contender, round(s.p50, 0), round(s.p95, 0), round(s.p99, 0), round(s.max, 0),
            ratioText(roundRatios(group, contender, 'floor', (r) => r.p50)), ratioText(roundRatios(group, contender, 'consul', (r) => r.p50)),
          ]);
        }
      }
    }
    out.push({
      title: `Latency: fire (HTTP PUT) → delivered, ${count(latency.count)} events per run × ${latency.rounds} rounds, µs`,
      body: table(['buffer', 'method', 'contender', 'p50', 'p95', 'p99', 'max', 'p50 vs floor', 'p50 vs consul'], rows, [false, false, false, true, true, true, true, true, true]),
    });
  }

  if (cost) {
    const rows: Array<Array<string | number>> = [];
    for (const shape of distinct(cost.rows, (r) => r.shape)) {
      for (const rate of distinct(cost.rows, (r) => r.rate)) {
        const group = cost.rows.filter((r) => r.shape === shape && r.rate === rate);
        for (const contender of distinct(group, (r) => r.contender)) {
          const s = costSummary(group.filter((r) => r.contender === contender));
          rows.push([
            shapeShort(shape), rateLabel(rate), contender, range(s.cpuUsPerEvent),
            ratioText(roundRatios(group, contender, 'floor', (r) => r.cpuUsPerEvent)),
            ratioText(roundRatios(group, contender, 'consul', (r) => r.cpuUsPerEvent)),
            count(s.cpuUsPerAnswer), s.answersPerEvent, count(s.bytesPerEvent), count(s.firedPerSec), `${s.lost} of ${count(s.fired)}`, s.duplicated,
            contender.startsWith('ours') || contender.startsWith('watcher') ? s.gapsReported : 'n/a',
          ]);
        }
      }
    }
    out.push({
      title: `CPU per event (client, user + system) and loss: one watched name, ${rounds} interleaved round${rounds > 1 ? 's' : ''} of ${cost.windowS} s per rate`,
      body: table(
        ['buffer', 'rate', 'contender', 'CPU µs / event', 'vs floor', 'vs consul', 'CPU µs / answer', 'answers / event', 'list bytes / event', 'fired/s', 'lost', 'dup', 'gaps reported'],
        rows,
        [false, false, false, true, true, true, true, true, true, true, true, true, true],
      ),
    });
    const lossRows = cost.rows.filter((r) => r.lost > 0);
    if (lossRows.length > 0) {
      out.push({
        title: 'Where events were lost (firing positions), per run',
        body: table(['buffer', 'rate', 'round', 'contender', 'lost', 'where'], lossRows.map((r) => [shapeShort(r.shape), rateLabel(r.rate), r.round, r.contender, r.lost, ranges(r.lostRanges, r.lostRangeCount)]), [false, false, true, false, true, false]),
      });
    }
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

  if (scale) {
    for (const shape of distinct(scale.rows, (r) => r.shape)) {
      const rows = scale.rows.filter((r) => r.shape === shape).map((r) => (r.skipped
        ? [count(r.subscriptions), scaleLabel(r.contender, r.mode), count(r.polls), '–', '–', '–', '–', '–', '–', '–', '–', r.skipped]
        : [
          count(r.subscriptions), scaleLabel(r.contender, r.mode), count(r.polls), count(r.sockets), r.memoryMB, r.memoryPerSubKB, r.subscribeMs,
          r.cpuUsPerDelivery, `${r.fireToLastMs.p50} (${r.fireToLastMs.max})`, `${r.teardownMs}${r.teardownRunsMs.length > 1 ? ` (${r.teardownRunsMs.join(' / ')})` : ''}`,
          r.missing + r.extra === 0 ? '0' : `${r.missing} missing, ${r.extra} extra`,
          [
            r.statuses && Object.keys(r.statuses).length > 0 ? Object.entries(r.statuses).map(([k, v]) => `${v} ${k}`).join(', ') : '',
            Object.keys(r.lingering).some((k) => k !== 'TTYWrap' && k !== 'PipeWrap' && k !== 'Timeout') ? `lingering: ${JSON.stringify(r.lingering)}` : '',
          ].filter(Boolean).join('; '),
        ]));
      out.push({
        title: `Scale: N subscriptions ${shape === 'same' ? 'of one name' : 'of distinct names'} in one process`,
        body: table(
          ['N', 'contender', 'long-polls', 'sockets', 'heap+ext MB', 'KB / sub', 'subscribe-all ms', 'CPU µs / delivery', 'fire → last delivery ms, p50 (max)', 'teardown ms', 'deliveries wrong', 'notes'],
          rows,
          [true, false, true, true, true, true, true, true, true, true, true, false],
        ),
      });
    }
  }

  if (idle) {
    out.push({
      title: `Idle: ${idle.watchers} watches of distinct names, wait ${idle.waitSeconds} s, no events, ${idle.seconds} s`,
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
