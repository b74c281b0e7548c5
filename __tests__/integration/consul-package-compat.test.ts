import Consul from 'consul';
import { startConsulEmulator, type ConsulEmulator } from '../../src/testing';
import { eventually } from '../helpers/eventually';

// The `consul` npm package, the most used Node client, must be able to read everything the
// emulator answers: a test that passes here has a fair chance against a real agent.
let emulator: ConsulEmulator;
let consul: Consul;
beforeEach(async () => {
  emulator = await startConsulEmulator();
  consul = new Consul({ host: '127.0.0.1', port: emulator.port });
});
let stopWatch = () => {};
afterEach(async () => {
  stopWatch(); // ends a watch even when its test failed half-way
  await emulator.close();
});

describe('the consul npm package against the emulator', () => {
  it('fires an event and lists it back, payload decoded', async () => {
    const fired = await consul.event.fire('deploy', 'v1.2.3');
    expect(fired).toMatchObject({ Name: 'deploy', Payload: 'v1.2.3', Version: 1, LTime: 0 });
    const listed = await consul.event.list({ name: 'deploy' });
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ ID: fired.ID, Name: 'deploy', Payload: 'v1.2.3' });
  });

  it('fires with node/service/tag filters the emulator applies', async () => {
    await emulator.close();
    emulator = await startConsulEmulator({ nodeName: 'web-1', services: [{ name: 'web', tags: ['canary'] }] });
    consul = new Consul({ host: '127.0.0.1', port: emulator.port });
    await consul.event.fire({ name: 'hit', payload: 'x', service: '^web$', tag: 'canary' });
    await consul.event.fire({ name: 'miss', payload: 'x', node: '^db-' });
    expect((await consul.event.list()).map((e: { Name: string }) => e.Name)).toEqual(['hit']);
  });

  it('sees new events through its watch over event.list, and ends cleanly', async () => {
    const watch = consul.watch({ method: consul.event.list, options: { name: 'deploy', wait: '5s' } });
    stopWatch = () => watch.end();
    const changes: Array<Array<{ Payload: string }>> = [];
    const errors: Error[] = [];
    watch.on('change', (data: Array<{ Payload: string }>) => changes.push(data));
    watch.on('error', (error: Error) => errors.push(error));
    await eventually(() => changes.length === 1 && emulator.store.pendingWaits === 1);
    emulator.fire('deploy', 'first');
    await eventually(() => changes.length === 2);
    emulator.fire('deploy', 'second');
    // When the new index is numerically lower (half the time: it is a hash), this client
    // "resets" to index 0 and reports the same list once more: more than 3 changes is its bug.
    await eventually(() => changes.length >= 3);
    watch.end();
    await eventually(() => emulator.openListRequests === 0);
    // Its watch hands over the raw list (payload still base64), unlike event.list itself.
    const payloads = changes.slice(0, 3).map((list) => list.map((e) => Buffer.from(e.Payload, 'base64').toString()));
    expect(payloads).toEqual([[], ['first'], ['first', 'second']]);
    expect(errors).toEqual([]);
  });

  it('gets the agent’s error for a bad request', async () => {
    await expect(consul.event.list({ name: 'deploy', index: 'abc' } as never)).rejects.toThrow();
    await expect(consul.event.fire({ name: 'deploy', payload: 'x', tag: 'canary' })).rejects.toThrow(/Cannot provide tag filter without service filter/);
  });
});
