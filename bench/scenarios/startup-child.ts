/**
 * Loads one module in a fresh process and reports `require()` time and heap after GC
 * before and after it. `-` loads nothing (Node alone). Forked by startup.ts.
 */
const entry = process.argv[2];
const gc = (globalThis as { gc?: () => void }).gc!;
gc();
const heapBefore = process.memoryUsage().heapUsed;
const start = process.hrtime.bigint();
if (entry !== '-') require(entry!);
const requireMs = Number(process.hrtime.bigint() - start) / 1e6;
gc();
const heapAfter = process.memoryUsage().heapUsed;
process.send!({ requireMs, heapBefore, heapAfter }, () => process.exit(0));
