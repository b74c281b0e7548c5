/** A Markdown table (pipes, padded columns): readable in a terminal and in docs alike. */
export function table(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>, rightAlign: readonly boolean[] = []): string {
  const cells = rows.map((row) => row.map((cell) => String(cell)));
  const widths = headers.map((header, i) => Math.max(header.length, ...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: readonly string[]) =>
    `| ${row.map((cell, i) => (rightAlign[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (rightAlign[i] ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(headers), rule, ...cells.map(line)].join('\n');
}

/** Thousands separators for counts. */
export const count = (n: number): string => n.toLocaleString('en-US');
