import { consulEvents$ } from '../../src';
import { startConsulEmulator, type ConsulEmulator } from '../../src/testing';
import { collect } from '../helpers/fake-agent';
import { eventually } from '../helpers/eventually';

describe('consulEvents$ unsubscribe (loopback emulator)', () => {
  let emulator: ConsulEmulator;
  beforeEach(async () => {
    emulator = await startConsulEmulator();
  });
  afterEach(() => emulator.close());

  it('aborts the blocked request at once: the agent sees the connection close', async () => {
    emulator.fire('deploy', 'a');
    const watch = collect(consulEvents$('deploy', { host: '127.0.0.1', port: emulator.port }));
    await eventually(() => watch.values.length === 1 && emulator.openListRequests === 1);
    watch.stop();
    await eventually(() => emulator.openListRequests === 0);
    expect(emulator.openListRequests).toBe(0);
  });

  it('keeps the shared long-poll while any subscription is left, and aborts it when the last one leaves', async () => {
    const watches = Array.from({ length: 20 }, (_, i) => collect(consulEvents$(`name-${i}`, { port: emulator.port })));
    await eventually(() => emulator.openListRequests === 1 && emulator.store.pendingWaits === 1);
    watches.slice(1).forEach((watch) => watch.stop());
    emulator.fire('name-0', 'still watched');
    await eventually(() => watches[0]!.values.length === 1 && emulator.store.pendingWaits === 1);
    watches[0]!.stop();
    await eventually(() => emulator.openListRequests === 0);
    expect(emulator.openListRequests).toBe(0);
  });

  it('aborts every blocked request of many subscriptions with shared: false', async () => {
    const watches = Array.from({ length: 20 }, (_, i) => collect(consulEvents$(`name-${i}`, { port: emulator.port, shared: false })));
    await eventually(() => emulator.openListRequests === 20);
    watches.forEach((watch) => watch.stop());
    await eventually(() => emulator.openListRequests === 0);
    expect(emulator.openListRequests).toBe(0);
  });
});
