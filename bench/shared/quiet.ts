import { existsSync, readFileSync } from 'node:fs';
import { sleep } from './clock';

/** Busy share of all cores over `ms`, from /proc/stat (Linux); undefined elsewhere. */
export async function machineBusy(ms = 500): Promise<number | undefined> {
  if (!existsSync('/proc/stat')) return undefined;
  const read = (): { busy: number; total: number } => {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    const total = fields.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  };
  const a = read();
  await sleep(ms);
  const b = read();
  return b.total === a.total ? 0 : (b.busy - a.busy) / (b.total - a.total);
}

/**
 * Waits (up to `maxWaitMs`) until the machine is quiet, i.e. under `threshold` busy while
 * the bench itself is idle between runs: the bench shares two cores with whatever else runs.
 * Returns the last reading, so each run can record how busy the machine was.
 */
export async function awaitQuiet(threshold = 0.15, maxWaitMs = 60_000, sampleMs = 500): Promise<number | undefined> {
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const busy = await machineBusy(sampleMs);
    if (busy === undefined || busy < threshold || Date.now() > deadline) return busy;
    await sleep(1_000);
  }
}
