/**
 * Soak run (not part of the test suite): 100 `consulEvents$` watchers on 10 names against a
 * loopback emulator, with continuous firing, random fault injection, agent restarts,
 * gossip duplicates, ring-filling bursts and watchers resubscribing from their
 * checkpoints. Prints a Markdown report: events fired / delivered / lost to eviction or
 * restart / duplicated, retries and other `onStatus` reports, RSS and heap over time, and
 * what is still open once everything is closed. Exits 1 if a promise was broken (a
 * duplicate, an out-of-order or unexpected delivery, an event missed while still
 * buffered, a stream that ended).
 *
 * Usage: npm run soak -- [--seconds 60] [--seed 1] [--json report.json]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Subscription } from 'rxjs';
import { consulEvents$, EventCheckpoint, fireEvent, type ConsulEventsStatus } from '../src';
import { startConsulEmulator } from '../src/testing';
import { pickFault, seededRandom } from './chaos';
import { Ledger } from './ledger';
import { formatReport, openResources, reading, type Sample } from './report';

const WATCHERS = 100;
const NAMES = Array.from({ length: 10 }, (_, i) => `soak-${i}`);
const NOISE = 'noise';
/** Every fifth watcher watches two names over one unfiltered long-poll; the others one name, filtered by the agent. */
const watchedBy = (watcher: number): string[] =>
  watcher % 5 === 4 ? [NAMES[watcher % 10]!, NAMES[(watcher + 3) % 10]!] : [NAMES[watcher % 10]!];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { seconds: { type: 'string' }, seed: { type: 'string' }, json: { type: 'string' } } });
  const seconds = Number(values.seconds ?? 60);
  const seed = Number(values.seed ?? 1);
  if (!(seconds > 0) || !Number.isInteger(seed)) throw new Error('usage: soak/run.ts [--seconds N] [--seed INTEGER] [--json FILE]');
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const started = Date.now();
  const elapsed = () => Math.round((Date.now() - started) / 100) / 10;

  const emulator = await startConsulEmulator();
  const interested = new Map(NAMES.map((name) => [name, [] as number[]]));
  for (let w = 0; w < WATCHERS; w++) for (const name of watchedBy(w)) interested.get(name)!.push(w);
  const ledger = new Ledger(interested, WATCHERS);
  const statuses = new Map<string, number>();
  const faults = new Map<string, number>();
  const gapReporters = new Set<number>();
  const streamErrors: string[] = [];
  const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  let deliveries = 0;

  const checkpoints = Array.from({ length: WATCHERS }, () => new EventCheckpoint());
  const subscriptions: Array<Subscription | undefined> = [];
  const onStatus = (watcher: number) => (status: ConsulEventsStatus) => {
    count(statuses, status.type === 'retry' ? `retry (${status.error.name})` : status.type === 'gap' ? `gap (${status.reason})` : status.type);
    if (status.type === 'gap') gapReporters.add(watcher);
  };
  const subscribe = (watcher: number) => {
    const names = watchedBy(watcher);
    subscriptions[watcher] = consulEvents$(names.length === 1 ? names[0] : names, {
      port: emulator.port, timeout: 2, retry: { initialDelay: 50, maxDelay: 1_000 },
      onStatus: onStatus(watcher), ...checkpoints[watcher]!.resumeOptions(),
    }).subscribe({
      next: (event) => {
        deliveries += 1;
        ledger.delivered(watcher, event);
        checkpoints[watcher]!.record(event);
      },
      error: (error: Error) => streamErrors.push(`watcher ${watcher}: ${error.message}`),
    });
  };
  for (let w = 0; w < WATCHERS; w++) subscribe(w);

  /** Reads the agent's buffer: new events into the books, departed ones marked. */
  const sweep = (reason: 'evicted' | 'restart' = 'evicted') => {
    const buffered = emulator.store.list().events;
    buffered.forEach((event) => ledger.stored(event));
    const ids = new Set(buffered.map((event) => event.ID));
    ledger.departed(ids, reason, Date.now());
    return ids;
  };
  const httpFires = { ok: 0, failed: 0, inFlight: 0 };
  let noiseFired = 0;
  let restarts = 0;
  let duplicatesStored = 0;
  const payload = () => Uint8Array.from({ length: Math.floor(random() * 40) }, () => Math.floor(random() * 256));

  const chaos = [
    setInterval(() => ledger.stored(emulator.fire(pick(NAMES), payload())), 20),
    setInterval(() => {
      httpFires.inFlight += 1;
      fireEvent(pick(NAMES), payload(), { port: emulator.port, timeout: 2 })
        .then((event) => { httpFires.ok += 1; ledger.stored(event); }, () => { httpFires.failed += 1; })
        .finally(() => { httpFires.inFlight -= 1; });
    }, 100),
    setInterval(() => {
      const fault = pickFault(random);
      count(faults, fault.label);
      emulator.injectFault(fault.fault, { route: fault.route, times: fault.times });
    }, 150),
    setInterval(() => {
      const buffered = emulator.store.list().events;
      if (buffered.length === 0) return;
      emulator.store.deliverAgain(pick(buffered).ID);
      duplicatesStored += 1;
    }, 1_000),
    setInterval(() => {
      const watcher = Math.floor(random() * WATCHERS);
      subscriptions[watcher]?.unsubscribe();
      subscribe(watcher);
    }, 500),
    setInterval(() => {
      sweep();
      emulator.restart();
      restarts += 1;
      sweep('restart');
    }, 15_000),
    setInterval(() => {
      sweep();
      for (let i = 0; i < 300; i++) emulator.fire(NOISE, `burst ${i}`);
      noiseFired += 300;
    }, 20_000),
  ];
  const samples: Sample[] = [];
  const sampleEvery = Math.max(1_000, Math.round((seconds * 1000) / 12));
  const sample = () => samples.push({ seconds: elapsed(), ...reading(), openLists: emulator.openListRequests, delivered: deliveries });
  const bookkeeping = [
    setInterval(() => sweep(), 50),
    setInterval(() => ledger.close(Date.now(), 30_000), 5_000),
    setInterval(sample, sampleEvery),
  ];
  sample();

  await sleep(seconds * 1000);
  chaos.forEach(clearInterval);
  const drainStarted = Date.now();
  while (httpFires.inFlight > 0 || !ledger.caughtUp(sweep())) {
    if (Date.now() - drainStarted > 30_000) break;
    await sleep(50);
  }
  const drainMs = Date.now() - drainStarted;
  sample();
  bookkeeping.forEach(clearInterval);

  subscriptions.forEach((subscription) => subscription?.unsubscribe());
  for (let i = 0; i < 100 && emulator.openListRequests > 0; i++) await sleep(20);
  sweep();
  ledger.close(Date.now(), 0, true);
  await emulator.close();
  await sleep(200); // let closed sockets finish closing
  const end = { ...reading(), resources: openResources(), drainMs };

  const totals = ledger.totals;
  const report = {
    seconds, seed, watchers: WATCHERS, names: NAMES.length, totals, noiseFired, httpFires, restarts, duplicatesStored,
    faults, statuses, gapReporters: [...totals.watchersWithLoss].filter((w) => gapReporters.has(w)).length, samples, end,
  };
  process.stdout.write(`${formatReport(report)}\n`);
  if (streamErrors.length > 0) process.stdout.write(`\nStreams that ended: ${streamErrors.length}\n${streamErrors.slice(0, 5).join('\n')}\n`);
  if (values.json) {
    writeFileSync(values.json, JSON.stringify({ ...report, totals: { ...totals, watchersWithLoss: totals.watchersWithLoss.size },
      faults: Object.fromEntries(faults), statuses: Object.fromEntries(statuses) }, null, 2));
  }
  const broken = totals.duplicated + totals.outOfOrder + totals.unknown + totals.missedWhileBuffered + streamErrors.length;
  return broken > 0 ? 1 : 0;
}

main().then((code) => {
  process.exitCode = code;
}, (error: unknown) => {
  process.stderr.write(`soak: ${(error as Error).message ?? String(error)}\n`);
  process.exitCode = 2;
});
