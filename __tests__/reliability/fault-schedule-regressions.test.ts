import { consulEvents$ } from '../../src';
import { startConsulEmulator, type ConsulEmulator } from '../../src/testing';
import { brokenPromises } from './helpers/invariants';
import { runSchedule } from './helpers/run-schedule';
import type { ScheduleConfig, Step } from './helpers/schedule';
import { eventually } from '../helpers/eventually';

/**
 * Counter-examples fast-check reported (seed and path in each name), replayed step by step.
 * None was a library bug: the first exposed a race in the test's own idea of "caught up"
 * (an aborted request still held by the agent), the second a Consul quirk the next describe
 * block pins down, the last two an order rule too strict for gossip duplicates (the agent
 * lists a re-stored event at its new place once the first copy is evicted). All stay as
 * regressions of the behaviour they exercise.
 */
const replays: Array<[string, ScheduleConfig, Step[]]> = [
  [
    'resubscribing while a slow consumer still holds an event (seed 20241124, path 12)',
    { watch: 'all', bufferSize: 9, consumerDelayMs: 2 },
    [
      { kind: 'fire', name: 2, payload: Uint8Array.from([129, 208, 34, 91, 19]) },
      { kind: 'settle' },
      { kind: 'settle' },
      { kind: 'fire', name: 1, payload: Uint8Array.from([33, 136, 85, 211, 156]) },
      { kind: 'resubscribe' },
    ],
  ],
  [
    'a gossip duplicate that makes the index repeat, amid 500s, 429s and a "0x1f" index (seed 3)',
    { watch: 'all', bufferSize: 6, consumerDelayMs: 2 },
    [
      { kind: 'fire', name: 2, payload: Uint8Array.from([134]) },
      { kind: 'fault', fault: { kind: 'status', status: 500, body: 'rpc error: No cluster leader' }, times: 3 },
      { kind: 'fault', fault: { kind: 'index', value: '0x1f' }, times: 2 },
      { kind: 'settle' },
      { kind: 'burst', count: 2 },
      { kind: 'duplicate', pick: 16 },
      { kind: 'fault', fault: { kind: 'status', status: 429, body: 'Your IP is issuing too many concurrent connections', headers: { 'Retry-After': '0' } }, times: 3 },
      { kind: 'settle' },
    ],
  ],
  [
    'a gossip duplicate whose first copy is evicted is listed, and handled, at its second place (seed 13)',
    { watch: 'all', bufferSize: 3, consumerDelayMs: 0 },
    [
      { kind: 'fire', name: 2, payload: Uint8Array.from([38, 51, 114, 18, 132, 87, 211, 134]) },
      { kind: 'restart' },
      { kind: 'fault', fault: { kind: 'status', status: 429, body: 'Your IP is issuing too many concurrent connections', headers: { 'Retry-After': '0' } }, times: 3 },
      { kind: 'fire', name: 0, payload: Uint8Array.from([254]) },
      { kind: 'fire', name: 0, payload: Uint8Array.from([114, 237, 2]) },
      { kind: 'resubscribe' },
      { kind: 'fire', name: 2, payload: Uint8Array.from([20, 239, 223, 78, 223, 26, 145, 245]) },
      { kind: 'fire', name: 2, payload: Uint8Array.from([]) },
      { kind: 'fault', fault: { kind: 'index', value: 'abc' }, times: 3 },
      { kind: 'fault', fault: { kind: 'hang' }, times: 1 },
      { kind: 'fault', fault: { kind: 'missing-index' }, times: 2 },
      { kind: 'duplicate', pick: 33 },
      { kind: 'fire', name: 0, payload: Uint8Array.from([248, 240, 172, 24, 68]) },
    ],
  ],
  [
    'resets, 429s, a burst that fills the ring and a gossip duplicate around a restart (seed 14)',
    { watch: 'all', bufferSize: 8, consumerDelayMs: 0 },
    [
      { kind: 'fire', name: 1, payload: Uint8Array.from([202]) },
      { kind: 'restart' },
      { kind: 'burst', count: 1 },
      { kind: 'fault', fault: { kind: 'reset' }, times: 3 },
      { kind: 'burst', count: 8 },
      { kind: 'fire', name: 2, payload: Uint8Array.from([230, 46, 167, 51]) },
      { kind: 'fire', name: 1, payload: Uint8Array.from([7, 164, 4, 207, 254, 117, 119, 1, 3]) },
      { kind: 'fire', name: 2, payload: Uint8Array.from([255, 161, 169, 251, 7, 64, 5]) },
      { kind: 'fire', name: 1, payload: Uint8Array.from([171, 50, 38]) },
      { kind: 'fault', fault: { kind: 'status', status: 429, body: 'Your IP is issuing too many concurrent connections', headers: { 'Retry-After': '0' } }, times: 3 },
      { kind: 'duplicate', pick: 8 },
      { kind: 'settle' },
      { kind: 'fire', name: 2, payload: Uint8Array.from([21, 50, 57, 89]) },
      { kind: 'restart' },
    ],
  ],
];

describe('consulEvents$ fault-schedule regressions', () => {
  it.each(replays)('keeps every promise: %s', async (_, config, steps) => {
    expect(brokenPromises(await runSchedule(config, steps))).toEqual([]);
  });
});

describe('consulEvents$ when a gossip duplicate repeats the index (found by the schedules)', () => {
  let emulator: ConsulEmulator;
  beforeEach(async () => {
    emulator = await startConsulEmulator();
  });
  afterEach(() => emulator.close());

  it('delivers the newer event the repeated index hides when the wait ends, and nothing twice', async () => {
    const first = emulator.fire('deploy', 'first');
    const handled: string[] = [];
    const subscription = consulEvents$(undefined, { port: emulator.port, retry: { initialDelay: 1, maxDelay: 4 } }).subscribe((event) => handled.push(event.ID));
    try {
      await eventually(() => handled.length === 1 && emulator.store.pendingWaits === 1);
      const woke = emulator.fire('deploy', 'wakes the poll'); // answered at once: [first, woke]
      const hidden = emulator.fire('deploy', 'hidden');
      emulator.store.deliverAgain(woke.ID); // [first, woke, hidden, woke]: the index is woke's again
      await eventually(() => handled.length === 2 && emulator.store.pendingWaits === 1);
      expect(handled).toEqual([first.ID, woke.ID]); // blocked on an index that did not change

      emulator.store.expireWaits(); // the agent's wait ends: the full list comes back
      await eventually(() => handled.length === 3 && emulator.store.pendingWaits === 1);
      emulator.store.expireWaits();
      await eventually(() => emulator.store.pendingWaits === 0);
      await eventually(() => emulator.store.pendingWaits === 1);
      expect(handled).toEqual([first.ID, woke.ID, hidden.ID]);
    } finally {
      subscription.unsubscribe();
    }
  });
});
