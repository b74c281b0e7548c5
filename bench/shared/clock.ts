/**
 * Microseconds on the monotonic clock (`CLOCK_MONOTONIC` through libuv on Linux), the same
 * clock in every process on the machine, so a time stamped in one process can be
 * subtracted from a time stamped in another.
 */
export function nowUs(): number {
  return Number(process.hrtime.bigint()) / 1000;
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `test` every `everyMs` until it holds; rejects after `timeoutMs` with `what` in the message. */
export async function until(test: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000, everyMs = 5): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}
