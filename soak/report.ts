import type { LedgerTotals } from './ledger';

/** One reading of the process, taken every few seconds. */
export interface Sample {
  readonly seconds: number;
  readonly rssMb: number;
  readonly heapMb: number;
  /** TCP sockets open in this process (both ends of each loopback connection). */
  readonly sockets: number;
  /** List requests the emulated agent holds open. */
  readonly openLists: number;
  readonly delivered: number;
}

/** Everything the soak prints at the end. */
export interface SoakReport {
  readonly seconds: number;
  readonly seed: number;
  readonly watchers: number;
  readonly names: number;
  readonly totals: LedgerTotals;
  readonly noiseFired: number;
  readonly httpFires: { ok: number; failed: number };
  readonly restarts: number;
  readonly duplicatesStored: number;
  readonly faults: ReadonlyMap<string, number>;
  readonly statuses: ReadonlyMap<string, number>;
  readonly gapReporters: number;
  readonly samples: readonly Sample[];
  readonly end: { readonly rssMb: number; readonly heapMb: number; readonly resources: Record<string, number>; readonly drainMs: number };
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/**
 * Process memory and open TCP sockets right now. With `node --expose-gc` the heap is
 * collected first, so `heapMb` is what is still reachable, not garbage awaiting collection.
 */
export function reading(): Pick<Sample, 'rssMb' | 'heapMb' | 'sockets'> {
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { rssMb: mb(rss), heapMb: mb(heapUsed), sockets: process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length };
}

/** Counts of `process.getActiveResourcesInfo()` by kind. */
export function openResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const resource of process.getActiveResourcesInfo()) counts[resource] = (counts[resource] ?? 0) + 1;
  return counts;
}

const row = (cells: ReadonlyArray<string | number>) => `| ${cells.join(' | ')} |`;

/** The report as Markdown, ready for docs/RELIABILITY.md. */
export function formatReport(report: SoakReport): string {
  const t = report.totals;
  const lines = [
    `## Soak: ${report.seconds} s, ${report.watchers} watchers on ${report.names} names (seed ${report.seed})`,
    '',
    row(['figure', 'value']), row(['---', '---:']),
    row(['watched events fired (stored by the agent)', t.fired]),
    row(['noise events fired (an unwatched name, in bursts)', report.noiseFired]),
    row(['fires over HTTP: accepted / failed (injected fire faults)', `${report.httpFires.ok} / ${report.httpFires.failed}`]),
    row(['(watcher, event) pairs expected', t.expected]),
    row(['delivered', t.delivered]),
    row(['lost to ring eviction', t.lostToEviction]),
    row(['lost to agent restarts', t.lostToRestart]),
    row(['**missed while still buffered** (must be 0)', t.missedWhileBuffered]),
    row(['**duplicated** (must be 0)', t.duplicated]),
    row(['**out of order** (must be 0)', t.outOfOrder]),
    row(['**unexpected deliveries** (must be 0)', t.unknown]),
    row(['watchers that lost events / of them reported a gap', `${t.watchersWithLoss.size} / ${report.gapReporters}`]),
    row(['agent restarts / gossip duplicates stored', `${report.restarts} / ${report.duplicatesStored}`]),
    row(['drain at the end (faults stopped, until every watcher caught up)', `${report.end.drainMs} ms`]),
    '',
    row(['onStatus', 'count']), row(['---', '---:']),
    ...[...report.statuses].sort().map(([type, count]) => row([type, count])),
    '',
    row(['fault injected', 'times queued']), row(['---', '---:']),
    ...[...report.faults].map(([label, count]) => row([label, count])),
    '',
    row(['t (s)', 'RSS (MB)', 'heap used after GC (MB)', 'TCP sockets', 'open list requests', 'delivered so far']),
    row(['---:', '---:', '---:', '---:', '---:', '---:']),
    ...report.samples.map((s) => row([s.seconds, s.rssMb, s.heapMb, s.sockets, s.openLists, s.delivered])),
    row(['end, all closed', report.end.rssMb, report.end.heapMb, report.end.resources.TCPSocketWrap ?? 0, 0, '']),
    '',
    `Active resources after closing everything: ${JSON.stringify(report.end.resources)}`,
  ];
  return lines.join('\n');
}
