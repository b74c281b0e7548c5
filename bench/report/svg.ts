/**
 * The few SVG pieces the charts are drawn with (no charting dependency): a document,
 * panels with a log or linear axis, lines, bars and a legend.
 */

/** One colour per contender, the same in every chart. */
export const COLORS: Record<string, string> = {
  floor: '#374151',
  'whole-list': '#9ca3af',
  ours: '#2563eb',
  'ours-unshared': '#7c3aed',
  'ours-names': '#0ea5e9',
  'ours-all': '#1e3a8a',
  watcher: '#16a34a',
  consul: '#dc2626',
};
const VARIANT_COLORS = ['#0891b2', '#ca8a04', '#db2777'];

/** The colour of a contender (`ours@x` variants get their own). */
export function colorOf(contender: string): string {
  const known = COLORS[contender];
  if (known) return known;
  const at = contender.indexOf('@');
  if (at < 0) return '#000';
  let hash = 0;
  for (const c of contender) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return VARIANT_COLORS[hash % VARIANT_COLORS.length]!;
}

export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A number for an axis label: 1.5k, 20, 0.5. */
export function tick(v: number, unit = ''): string {
  const text = v >= 1_000_000 ? `${v / 1_000_000}M` : v >= 1_000 ? `${v / 1_000}k` : `${Number(v.toPrecision(3))}`;
  return `${text}${unit}`;
}

/** A scale from values to pixels over [lo, hi], log10 or linear. */
export interface Scale { lo: number; hi: number; log: boolean; px(v: number): number; ticks: number[] }

export function scale(values: readonly number[], from: number, to: number, log: boolean, zeroBased = true): Scale {
  const finite = values.filter((v) => Number.isFinite(v) && (!log || v > 0));
  let lo: number;
  let hi: number;
  if (log) {
    lo = 10 ** Math.floor(Math.log10(Math.min(...finite, 1e9)));
    hi = 10 ** Math.ceil(Math.log10(Math.max(...finite, lo * 10)));
    if (hi <= lo) hi = lo * 10;
  } else {
    const max = Math.max(...finite, 0);
    const step = 10 ** Math.floor(Math.log10(max || 1));
    hi = Math.ceil((max * 1.08) / step) * step || 1;
    lo = zeroBased ? 0 : Math.min(...finite);
  }
  const px = (v: number): number => {
    const t = log ? (Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : (v - lo) / (hi - lo);
    return from + t * (to - from);
  };
  const ticks: number[] = [];
  if (log) for (let d = lo; d <= hi * 1.0001; d *= 10) for (const k of [1, 2, 5]) d * k <= hi * 1.0001 && ticks.push(d * k);
  else {
    const step = niceStep(hi - lo);
    for (let v = lo; v <= hi + step / 1000; v += step) ticks.push(Number(v.toPrecision(6)));
  }
  return { lo, hi, log, px, ticks };
}

function niceStep(span: number): number {
  const raw = span / 5;
  const mag = 10 ** Math.floor(Math.log10(raw || 1));
  for (const k of [1, 2, 2.5, 5, 10]) if (raw <= k * mag) return k * mag;
  return 10 * mag;
}

/** A rectangle of the chart with its axes drawn; x and y scales map into it. */
export interface Panel { x: number; y: number; w: number; h: number }

/** Grid lines and tick labels of a panel for a y scale, and for an x scale when given. */
export function axes(parts: string[], p: Panel, y: Scale, x?: Scale, { yUnit = '', xUnit = '', title = '' } = {}): void {
  parts.push(`<rect x="${p.x}" y="${p.y}" width="${p.w}" height="${p.h}" fill="none" stroke="#ccc"/>`);
  if (title) parts.push(`<text x="${p.x}" y="${p.y - 8}" font-weight="600">${esc(title)}</text>`);
  for (const v of y.ticks) {
    const gy = y.px(v).toFixed(1);
    const major = !y.log || Math.log10(v) % 1 === 0;
    parts.push(`<line x1="${p.x}" x2="${p.x + p.w}" y1="${gy}" y2="${gy}" stroke="${major ? '#ddd' : '#f1f1f1'}"/>`);
    if (major || y.ticks.length < 8) parts.push(`<text x="${p.x - 5}" y="${(Number(gy) + 4).toFixed(1)}" text-anchor="end" fill="#444">${tick(v, yUnit)}</text>`);
  }
  if (x) {
    for (const v of x.ticks) {
      const gx = x.px(v).toFixed(1);
      const major = !x.log || Math.log10(v) % 1 === 0;
      parts.push(`<line x1="${gx}" x2="${gx}" y1="${p.y}" y2="${p.y + p.h}" stroke="${major ? '#ddd' : '#f1f1f1'}"/>`);
      if (major || x.ticks.length < 8) parts.push(`<text x="${gx}" y="${p.y + p.h + 15}" text-anchor="middle" fill="#444">${tick(v, xUnit)}</text>`);
    }
  }
}

/** A legend: one line per entry, `dashed` entries drawn dashed. */
export function legend(parts: string[], x: number, y: number, entries: ReadonlyArray<{ label: string; color: string; dashed?: boolean }>, columns = 1, columnWidth = 200): void {
  entries.forEach((entry, i) => {
    const lx = x + (i % columns) * columnWidth;
    const ly = y + Math.floor(i / columns) * 17;
    parts.push(`<line x1="${lx}" x2="${lx + 22}" y1="${ly - 4}" y2="${ly - 4}" stroke="${entry.color}" stroke-width="3"${entry.dashed ? ' stroke-dasharray="5 3"' : ''}/>`);
    parts.push(`<text x="${lx + 28}" y="${ly}">${esc(entry.label)}</text>`);
  });
}

/** The document around `parts`, with a title and subtitle. */
export function document(width: number, height: number, title: string, subtitle: string, parts: readonly string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="20" y="24" font-size="15" font-weight="600">${esc(title)}</text>`,
    `<text x="20" y="41" fill="#555">${esc(subtitle)}</text>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
