import { fork } from 'node:child_process';
import { join } from 'node:path';
import { round, summarize } from '../shared/stats';
import type { BenchContext } from './context';

export interface StartupRow {
  /** What was loaded: the library under test, the `consul` package, or nothing (Node alone). */
  module: string;
  runs: number;
  /** `require()` wall time in a fresh process, ms: median and max of the runs. */
  requireMs: number;
  requireMsMax: number;
  /** Heap used after a full GC, before and after the `require`, MB (median). */
  heapBeforeMB: number;
  heapAfterMB: number;
  heapAddedMB: number;
}

/** The child: loads one module, reports its time and heap after GC (transpiled to tmp/js like the rest). */
const LOADER = join(__dirname, '..', 'tmp', 'js', 'scenarios', 'startup-child.js');

function loadOnce(entry: string): Promise<{ requireMs: number; heapBefore: number; heapAfter: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(LOADER, [entry], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (message) => resolve(message as { requireMs: number; heapBefore: number; heapAfter: number }));
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`startup child for ${entry} exited with ${code}`)));
  });
}

/**
 * Start-up (issue 16's target: `require('rx-consul-events')` ≤ 45 ms and ≤ 6 MB heap in a
 * fresh process): each module loaded alone in `runs` fresh processes, one after another.
 */
export async function startupScenario(ctx: BenchContext, modules: ReadonlyArray<{ module: string; entry: string }>): Promise<{ rows: StartupRow[] }> {
  const { runs } = ctx.sizes.startup;
  const rows: StartupRow[] = [];
  for (const { module, entry } of modules) {
    const results = [];
    for (let i = 0; i < runs; i++) results.push(await loadOnce(entry));
    const ms = summarize(results.map((r) => r.requireMs));
    const before = summarize(results.map((r) => r.heapBefore)).p50;
    const after = summarize(results.map((r) => r.heapAfter)).p50;
    const MB = 1024 * 1024;
    const row: StartupRow = {
      module, runs, requireMs: round(ms.p50, 1), requireMsMax: round(ms.max, 1),
      heapBeforeMB: round(before / MB, 2), heapAfterMB: round(after / MB, 2), heapAddedMB: round((after - before) / MB, 2),
    };
    rows.push(row);
    ctx.progress(`startup     ${module.padEnd(13)} require ${row.requireMs} ms (max ${row.requireMsMax})  heap ${row.heapBeforeMB} → ${row.heapAfterMB} MB`);
  }
  return { rows };
}
