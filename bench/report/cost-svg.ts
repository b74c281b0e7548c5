import { rateLabel, type CostRow } from '../scenarios/cost';
import { methodLabel, type LatencyRow } from '../scenarios/latency';
import { shapeShort } from '../scenarios/shapes';
import { distinct, spread, type Spread } from './aggregate';
import { axes, colorOf, document, legend, scale, type Panel } from './svg';

interface BarGroup { label: string; bars: Array<{ contender: string; value: Spread }> }

/** Grouped bars (median) with a min–max whisker each, in one panel. */
function barPanel(parts: string[], p: Panel, groups: readonly BarGroup[], log: boolean, title: string, unit: string): void {
  const values = groups.flatMap((g) => g.bars.flatMap((b) => [b.value.min, b.value.max]));
  const y = scale(values, p.y + p.h, p.y, log);
  axes(parts, p, y, undefined, { yUnit: unit, title });
  const groupW = p.w / Math.max(1, groups.length);
  groups.forEach((group, gi) => {
    const barW = Math.min(22, (groupW - 16) / Math.max(1, group.bars.length));
    const x0 = p.x + gi * groupW + (groupW - barW * group.bars.length) / 2;
    group.bars.forEach((bar, bi) => {
      const bx = x0 + bi * barW;
      const top = y.px(bar.value.median);
      const bottom = p.y + p.h;
      const color = colorOf(bar.contender);
      parts.push(`<rect x="${(bx + 1).toFixed(1)}" y="${top.toFixed(1)}" width="${(barW - 2).toFixed(1)}" height="${Math.max(0, bottom - top).toFixed(1)}" fill="${color}" opacity="0.85"/>`);
      if (bar.value.n > 1) {
        const cx = (bx + barW / 2).toFixed(1);
        parts.push(`<line x1="${cx}" x2="${cx}" y1="${y.px(bar.value.min).toFixed(1)}" y2="${y.px(bar.value.max).toFixed(1)}" stroke="#111" stroke-width="1"/>`);
      }
    });
    parts.push(`<text x="${(p.x + gi * groupW + groupW / 2).toFixed(1)}" y="${p.y + p.h + 15}" text-anchor="middle" fill="#333">${group.label}</text>`);
  });
}

/**
 * CPU per event (top row, log scale) and latency p50 (bottom row) per contender, for each
 * buffer shape (columns): bars are the median of the interleaved rounds, whiskers their
 * min and max.
 */
export function costSvg(cost: readonly CostRow[], latency: readonly LatencyRow[], subtitle: string): string {
  const shapes = distinct([...cost, ...latency], (r) => r.shape);
  const contenders = distinct([...cost, ...latency], (r) => r.contender);
  const panelW = 470;
  const panelH = 230;
  const left = 70;
  const top = 80;
  const gapX = 70;
  const gapY = 75;
  const rows = (cost.length > 0 ? 1 : 0) + (latency.length > 0 ? 1 : 0);
  const width = left + shapes.length * (panelW + gapX);
  const height = top + rows * (panelH + gapY) + 20 + Math.ceil(contenders.length / 4) * 17;
  const parts: string[] = [];
  let row = 0;
  if (cost.length > 0) {
    shapes.forEach((shape, si) => {
      const p: Panel = { x: left + si * (panelW + gapX), y: top, w: panelW, h: panelH };
      const groups = distinct(cost.filter((r) => r.shape === shape), (r) => r.rate).map((rate) => ({
        label: rateLabel(rate),
        bars: contenders.flatMap((contender) => {
          const value = spread(cost.filter((r) => r.shape === shape && r.rate === rate && r.contender === contender).map((r) => r.cpuUsPerEvent));
          return value ? [{ contender, value }] : [];
        }),
      }));
      barPanel(parts, p, groups, true, `CPU per event, µs (log), ${shapeShort(shape)}`, '');
    });
    row++;
  }
  if (latency.length > 0) {
    shapes.forEach((shape, si) => {
      const p: Panel = { x: left + si * (panelW + gapX), y: top + row * (panelH + gapY), w: panelW, h: panelH };
      const groups = distinct(latency.filter((r) => r.shape === shape), (r) => r.method).map((method) => ({
        label: methodLabel(method),
        bars: contenders.flatMap((contender) => {
          const value = spread(latency.filter((r) => r.shape === shape && r.method === method && r.contender === contender).map((r) => r.p50));
          return value ? [{ contender, value }] : [];
        }),
      }));
      barPanel(parts, p, groups, false, `Latency p50, µs, ${shapeShort(shape)}`, '');
    });
    row++;
  }
  legend(parts, left, top + row * (panelH + gapY) - 20, contenders.map((c) => ({ label: c, color: colorOf(c) })), 4, 180);
  return document(width, height, 'CPU per event and latency against the tight floor and the consul package', `${subtitle}; bars: median of the rounds, whiskers: min–max`, parts);
}
