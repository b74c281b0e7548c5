import { distinct, latencySummary } from './aggregate';
import { methodLabel, type LatencyRow } from '../scenarios/latency';
import { shapeShort } from '../scenarios/shapes';
import { axes, colorOf, document, esc, scale, type Panel } from './svg';

/**
 * The latency distribution per contender: for each buffer shape (rows) and method
 * (columns), the cumulative distribution of every round's samples pooled (share of events
 * delivered within x µs), x on a log scale shared by all panels, p50 and p99 marked.
 */
export function latencySvg(rows: readonly LatencyRow[], subtitle: string): string {
  const shapes = distinct(rows, (r) => r.shape);
  const methods = distinct(rows, (r) => r.method);
  const contenders = distinct(rows, (r) => r.contender);
  const panelW = 420;
  const panelH = 250;
  const left = 60;
  const top = 75;
  const gapX = 70;
  const gapY = 70;
  const legendH = 20 + contenders.length * 17;
  const width = left + methods.length * (panelW + gapX);
  const height = top + shapes.length * (panelH + gapY) + legendH;
  const all = rows.flatMap((r) => r.samplesUs);
  const parts: string[] = [];
  shapes.forEach((shape, si) => {
    methods.forEach((method, mi) => {
      const p: Panel = { x: left + mi * (panelW + gapX), y: top + si * (panelH + gapY), w: panelW, h: panelH };
      const x = scale(all, p.x, p.x + p.w, true);
      const y = { px: (share: number) => p.y + p.h - share * p.h };
      axes(parts, p, { ...x, ticks: [] }, { ...x, ticks: [] }, { title: `${shapeShort(shape)}, ${methodLabel(method)}` });
      for (const v of x.ticks) {
        const gx = x.px(v).toFixed(1);
        const decade = Math.log10(v) % 1 === 0;
        parts.push(`<line x1="${gx}" x2="${gx}" y1="${p.y}" y2="${p.y + p.h}" stroke="${decade ? '#ddd' : '#f1f1f1'}"/>`);
        if (decade || v / 10 ** Math.floor(Math.log10(v)) === 5) {
          parts.push(`<text x="${gx}" y="${p.y + p.h + 15}" text-anchor="middle" fill="#444">${v >= 1000 ? `${v / 1000} ms` : `${v} µs`}</text>`);
        }
      }
      for (const share of [0, 0.25, 0.5, 0.75, 1]) {
        const gy = y.px(share).toFixed(1);
        parts.push(`<line x1="${p.x}" x2="${p.x + p.w}" y1="${gy}" y2="${gy}" stroke="${share === 0.5 ? '#bbb' : '#eee'}"/>`);
        parts.push(`<text x="${p.x - 5}" y="${(Number(gy) + 4).toFixed(1)}" text-anchor="end" fill="#444">${share * 100}%</text>`);
      }
      contenders.forEach((contender) => {
        const group = rows.filter((r) => r.shape === shape && r.method === method && r.contender === contender);
        if (group.length === 0) return;
        const s = latencySummary(group);
        const sorted = [...s.samplesUs].sort((a, b) => a - b);
        const step = Math.max(1, Math.floor(sorted.length / 400));
        const points: string[] = [];
        for (let k = 0; k < sorted.length; k += step) points.push(`${x.px(sorted[k]!).toFixed(1)},${y.px((k + 1) / sorted.length).toFixed(1)}`);
        points.push(`${x.px(sorted[sorted.length - 1]!).toFixed(1)},${y.px(1).toFixed(1)}`);
        const color = colorOf(contender);
        parts.push(`<polyline fill="none" stroke="${color}" stroke-width="1.8" points="${points.join(' ')}"/>`);
        for (const [v, share] of [[s.p50, 0.5], [s.p99, 0.99]] as const) parts.push(`<circle cx="${x.px(v).toFixed(1)}" cy="${y.px(share).toFixed(1)}" r="3" fill="${color}"/>`);
      });
    });
  });
  const ly = top + shapes.length * (panelH + gapY) - 10;
  contenders.forEach((contender, i) => {
    const summaries = shapes.flatMap((shape) => methods.map((method) => {
      const group = rows.filter((r) => r.shape === shape && r.method === method && r.contender === contender);
      return group.length ? `${Math.round(latencySummary(group).p50)}` : '–';
    }));
    const color = colorOf(contender);
    const yy = ly + i * 17;
    parts.push(`<line x1="${left}" x2="${left + 22}" y1="${yy - 4}" y2="${yy - 4}" stroke="${color}" stroke-width="3"/>`);
    parts.push(`<text x="${left + 28}" y="${yy}">${esc(contender)}: p50 ${summaries.join(' / ')} µs</text>`);
  });
  parts.push(`<text x="${left}" y="${ly - 20}" fill="#555">Legend: p50 per panel, left to right, top to bottom; dots mark p50 and p99.</text>`);
  return document(width, height, 'Fire → delivered latency, cumulative distribution', subtitle, parts);
}
