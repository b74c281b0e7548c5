import type { CostRow } from '../scenarios/cost';
import type { LatencyRow } from '../scenarios/latency';
import { summarize, type Summary } from '../shared/stats';

/** Min, median and max of a few values (one per interleaved round). */
export interface Spread { min: number; median: number; max: number; n: number }

export function spread(values: readonly number[]): Spread | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { min: sorted[0]!, median, max: sorted[sorted.length - 1]!, n: sorted.length };
}

/** `1.23×` or `1.10 / 1.23 / 1.31×` (min / median / max) when there are several rounds. */
export function ratioText(s: Spread | undefined): string {
  if (s === undefined) return '';
  const f = (v: number) => v.toFixed(2);
  return s.n === 1 ? `${f(s.median)}×` : `${f(s.min)} / **${f(s.median)}** / ${f(s.max)}×`;
}

/** The ratio of `who` to `base`, round by round, within rows that share everything but the contender and round. */
export function roundRatios<T extends { round: number; contender: string }>(rows: readonly T[], who: string, base: string, value: (row: T) => number): Spread | undefined {
  const ratios: number[] = [];
  for (const row of rows) {
    if (row.contender !== who) continue;
    const baseRow = rows.find((r) => r.contender === base && r.round === row.round);
    if (baseRow && value(baseRow) > 0) ratios.push(value(row) / value(baseRow));
  }
  return spread(ratios);
}

/** Distinct values of `key` in first-seen order. */
export const distinct = <T, K>(rows: readonly T[], key: (row: T) => K): K[] => [...new Set(rows.map(key))];

/** A contender's cost in one shape and rate, over its rounds. */
export interface CostSummary {
  contender: string;
  cpuUsPerEvent: Spread;
  cpuUsPerAnswer: number;
  answersPerEvent: number;
  bytesPerEvent: number;
  lost: number;
  duplicated: number;
  fired: number;
  gapsReported: number;
  errors: number;
  firedPerSec: number;
}

export function costSummary(rows: readonly CostRow[]): CostSummary {
  const med = (f: (r: CostRow) => number) => spread(rows.map(f))!.median;
  const sum = (f: (r: CostRow) => number) => rows.reduce((a, r) => a + f(r), 0);
  return {
    contender: rows[0]!.contender,
    cpuUsPerEvent: spread(rows.map((r) => r.cpuUsPerEvent))!,
    cpuUsPerAnswer: med((r) => r.cpuUsPerAnswer),
    answersPerEvent: med((r) => r.answersPerEvent),
    bytesPerEvent: med((r) => r.bytesPerEvent),
    lost: sum((r) => r.lost),
    duplicated: sum((r) => r.duplicated),
    fired: sum((r) => r.fired),
    gapsReported: sum((r) => r.gapsReported),
    errors: sum((r) => r.errors),
    firedPerSec: med((r) => r.firedPerSec),
  };
}

/** A contender's latency in one shape and method: every round's samples pooled, and the p50 of each round. */
export function latencySummary(rows: readonly LatencyRow[]): Summary & { contender: string; p50s: Spread; samplesUs: number[]; errors: number } {
  const samplesUs = rows.flatMap((r) => r.samplesUs);
  return {
    contender: rows[0]!.contender,
    ...summarize(samplesUs),
    p50s: spread(rows.map((r) => r.p50))!,
    samplesUs,
    errors: rows.reduce((a, r) => a + r.errors, 0),
  };
}
