import type { LatencyRow } from '../scenarios/latency';

const COLORS: Record<string, string> = { floor: '#6b7280', ours: '#2563eb', watcher: '#16a34a', consul: '#dc2626' };
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/**
 * The latency distribution per contender as an SVG: the cumulative distribution (share of
 * events delivered within x µs), x on a log scale, one line per contender, with p50 and p99
 * marked. Hand-written: no charting dependency.
 */
export function latencySvg(rows: readonly LatencyRow[], subtitle: string): string {
  const width = 760;
  const height = 420;
  const m = { left: 60, right: 20, top: 50, bottom: 50 };
  const all = rows.flatMap((r) => r.samplesUs).filter((v) => v > 0);
  const lo = 10 ** Math.floor(Math.log10(Math.min(...all)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...all)));
  const x = (us: number) => m.left + ((Math.log10(Math.max(us, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * (width - m.left - m.right);
  const y = (share: number) => height - m.bottom - share * (height - m.top - m.bottom);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`);
  parts.push(`<rect width="100%" height="100%" fill="#fff"/>`);
  parts.push(`<text x="${m.left}" y="22" font-size="15" font-weight="600">Fire → delivered latency, cumulative distribution</text>`);
  parts.push(`<text x="${m.left}" y="38" fill="#555">${esc(subtitle)}</text>`);
  // grid: decades and their 2x/5x, shares every 10%
  for (let d = lo; d <= hi; d *= 10) {
    for (const k of [1, 2, 5]) {
      const v = d * k;
      if (v > hi) break;
      const gx = x(v).toFixed(1);
      parts.push(`<line x1="${gx}" x2="${gx}" y1="${m.top}" y2="${height - m.bottom}" stroke="${k === 1 ? '#ccc' : '#eee'}"/>`);
      parts.push(`<text x="${gx}" y="${height - m.bottom + 16}" text-anchor="middle" fill="#444">${v >= 1000 ? `${v / 1000} ms` : `${v} µs`}</text>`);
    }
  }
  for (let s = 0; s <= 10; s++) {
    const gy = y(s / 10).toFixed(1);
    parts.push(`<line x1="${m.left}" x2="${width - m.right}" y1="${gy}" y2="${gy}" stroke="${s % 5 === 0 ? '#ccc' : '#f0f0f0'}"/>`);
    if (s % 2 === 0) parts.push(`<text x="${m.left - 6}" y="${(Number(gy) + 4).toFixed(1)}" text-anchor="end" fill="#444">${s * 10}%</text>`);
  }
  parts.push(`<text x="${(width + m.left) / 2}" y="${height - 12}" text-anchor="middle" fill="#333">latency (log scale)</text>`);
  rows.forEach((row, i) => {
    const sorted = [...row.samplesUs].sort((a, b) => a - b);
    const color = COLORS[row.contender] ?? '#000';
    const points = sorted.map((v, k) => `${x(v).toFixed(1)},${y((k + 1) / sorted.length).toFixed(1)}`);
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${points.join(' ')}"/>`);
    for (const [p, share] of [[row.p50, 0.5], [row.p99, 0.99]] as const) {
      parts.push(`<circle cx="${x(p).toFixed(1)}" cy="${y(share).toFixed(1)}" r="3.5" fill="${color}"/>`);
    }
    const ly = height - m.bottom - 14 - (rows.length - 1 - i) * 18;
    parts.push(`<rect x="${width - m.right - 262}" y="${ly - 11}" width="258" height="17" fill="#fff" opacity="0.85"/>`);
    parts.push(`<line x1="${width - m.right - 256}" x2="${width - m.right - 236}" y1="${ly - 3}" y2="${ly - 3}" stroke="${color}" stroke-width="3"/>`);
    parts.push(`<text x="${width - m.right - 230}" y="${ly + 1}">${esc(row.contender)}: p50 ${Math.round(row.p50)} µs, p99 ${Math.round(row.p99)} µs</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
