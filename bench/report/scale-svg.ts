import { scaleLabel, type ScaleRow } from '../scenarios/scale';
import { distinct } from './aggregate';
import { axes, colorOf, document, esc, legend, scale, type Panel } from './svg';

/** What each column of the scale chart plots, per row of the results. */
const METRICS: ReadonlyArray<{ title: string; value: (r: ScaleRow) => number; from?: number }> = [
  { title: 'sockets to the agent', value: (r) => r.sockets },
  // One subscription's share of the heap is within the noise of a full GC (±0.2 MB).
  { title: 'KB per subscription', value: (r) => r.memoryPerSubKB, from: 100 },
  { title: 'CPU µs per delivery', value: (r) => r.cpuUsPerDelivery },
  { title: 'teardown, ms', value: (r) => r.teardownMs },
];

/**
 * The scale scenario as subscriptions grow (x: N, log), one row per shape (one name,
 * distinct names), one column per figure (log y): sockets, memory and CPU per delivery,
 * teardown. A line per contender and mode; a hand-written demultiplexer is dashed.
 * Runs that were not made (above the cap of polls per subscription) have no point, nor has
 * the heap of a single subscription (within the noise of a full GC).
 */
export function scaleSvg(rows: readonly ScaleRow[], subtitle: string): string {
  const shapes = distinct(rows, (r) => r.shape);
  const series = distinct(rows, (r) => `${r.contender}|${r.mode}`);
  const panelW = 250;
  const panelH = 200;
  const left = 60;
  const top = 80;
  const gapX = 55;
  const gapY = 70;
  const width = left + METRICS.length * (panelW + gapX);
  const height = top + shapes.length * (panelH + gapY) + 10 + Math.ceil(series.length / 3) * 17;
  const ran = rows.filter((r) => !r.skipped);
  const x0 = scale(ran.map((r) => r.subscriptions), 0, 1, true);
  const parts: string[] = [];
  shapes.forEach((shape, si) => {
    METRICS.forEach((metric, mi) => {
      const p: Panel = { x: left + mi * (panelW + gapX), y: top + si * (panelH + gapY), w: panelW, h: panelH };
      const x = scale([x0.lo, x0.hi], p.x, p.x + p.w, true);
      const shown = ran.filter((r) => r.subscriptions >= (metric.from ?? 0) && metric.value(r) > 0);
      const y = scale(shown.map(metric.value), p.y + p.h, p.y, true);
      axes(parts, p, y, x, { title: `${metric.title}, ${shape === 'same' ? 'one name' : 'distinct names'}` });
      for (const key of series) {
        const [contender, mode] = key.split('|') as [string, ScaleRow['mode']];
        const points = shown
          .filter((r) => r.shape === shape && r.contender === contender && r.mode === mode)
          .sort((a, b) => a.subscriptions - b.subscriptions)
          .map((r) => [x.px(r.subscriptions), y.px(metric.value(r))] as const);
        if (points.length === 0) continue;
        const color = colorOf(contender);
        const dash = mode === 'demux' ? ' stroke-dasharray="5 3"' : '';
        parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2"${dash} points="${points.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(' ')}"/>`);
        for (const [a, b] of points) parts.push(`<circle cx="${a.toFixed(1)}" cy="${b.toFixed(1)}" r="2.5" fill="${color}"/>`);
      }
    });
  });
  const ly = top + shapes.length * (panelH + gapY) - 20;
  parts.push(`<text x="${left}" y="${ly - 18}" fill="#555">${esc('x: subscriptions in one process (log); y: log. No point: not run (a poll per subscription above the cap); memory from 100 subscriptions on (one is within GC noise).')}</text>`);
  legend(parts, left, ly, series.map((key) => {
    const [contender, mode] = key.split('|') as [string, ScaleRow['mode']];
    return { label: `${scaleLabel(contender, mode)}${mode === 'per-poll' ? ' (a poll each)' : mode === 'shared' ? ' (shared poll)' : ' (one poll)'}`, color: colorOf(contender), dashed: mode === 'demux' };
  }), 3, 300);
  return document(width, height, 'Scale: sockets, memory, CPU per delivery and teardown as subscriptions grow', subtitle, parts);
}
