import { concatMap, tap } from 'rxjs';
import { consulEvents$, EventCheckpoint } from '../../src';
import { collect, useFakeAgent } from '../helpers/fake-agent';
import { eventually } from '../helpers/eventually';

const agent = useFakeAgent();
const ids = (events: Array<{ ID: string }>) => events.map((event) => event.ID);

describe('EventCheckpoint', () => {
  it('starts empty: no index, no IDs', () => {
    expect(new EventCheckpoint().toJSON()).toEqual({ seenIds: [] });
    expect(new EventCheckpoint().resumeOptions()).toEqual({ seenIds: [] });
  });

  it('records handled events in order: the last one recorded is where a resume starts', () => {
    const checkpoint = new EventCheckpoint();
    checkpoint.record({ ID: 'afe6d0d3-c8f7-bea6-0311-2b3672cdb3fd' });
    checkpoint.record({ ID: 'b54fe110-7af5-cafc-d1fb-afc8ba432b1c' });
    checkpoint.record({ ID: 'afe6d0d3-c8f7-bea6-0311-2b3672cdb3fd' }); // handled again: the newest now
    expect(JSON.parse(JSON.stringify(checkpoint))).toEqual({
      seenIds: ['b54fe110-7af5-cafc-d1fb-afc8ba432b1c', 'afe6d0d3-c8f7-bea6-0311-2b3672cdb3fd'],
    });
    expect(checkpoint.resumeOptions()).toEqual(checkpoint.toJSON());
  });

  it('keeps at most capacity IDs, the most recent ones', () => {
    const checkpoint = new EventCheckpoint(undefined, 3);
    for (let i = 0; i < 10; i++) checkpoint.record({ ID: `id-${i}` });
    expect(checkpoint.toJSON().seenIds).toEqual(['id-7', 'id-8', 'id-9']);
  });

  it('round-trips through JSON', () => {
    const saved = { seenIds: ['a', 'b'] };
    expect(new EventCheckpoint(saved).toJSON()).toEqual(saved);
  });

  it('reads a checkpoint saved by 0.1 (with an index) and writes it back without one', () => {
    expect(new EventCheckpoint({ index: '42', seenIds: ['a', 'b'] }).toJSON()).toEqual({ seenIds: ['a', 'b'] });
  });

  it.each<[string, unknown, RegExp]>([
    ['not an object', 'abc', /EventCheckpoint: saved must be a checkpoint object/],
    ['seenIds missing', { index: '1' }, /EventCheckpoint: saved must be a checkpoint object/],
    ['an index that is a number', { index: 42, seenIds: [] }, /EventCheckpoint: saved\.index must be an X-Consul-Index string, got 42/],
    ['a non-string ID', { seenIds: ['a', 1] }, /saved\.seenIds\[1\] must be a non-empty string, got 1/],
  ])('refuses a saved checkpoint with %s, naming the field', (_, saved, message) => {
    expect(() => new EventCheckpoint(saved as never)).toThrow(message);
  });
});

describe('consulEvents$(name, checkpoint.resumeOptions()) after a restart', () => {
  it('handles nothing twice and misses nothing fired while the process was down', async () => {
    const checkpoint = new EventCheckpoint();
    const first = agent.store.fire('deploy', '1');
    const second = agent.store.fire('deploy', '2');
    const run1 = collect(consulEvents$('deploy').pipe(tap((event) => checkpoint.record(event))));
    await eventually(() => run1.values.length === 2);
    run1.stop(); // the process stops
    const saved = JSON.parse(JSON.stringify(checkpoint));

    const third = agent.store.fire('deploy', '3'); // fired while it was down
    const resumed = new EventCheckpoint(saved);
    const run2 = collect(consulEvents$('deploy', resumed.resumeOptions()).pipe(concatMap(async (event) => {
      resumed.record(event);
      return event;
    })));
    await eventually(() => run2.values.length === 1);
    expect(ids(run1.values)).toEqual([first.ID, second.ID]);
    expect(ids(run2.values)).toEqual([third.ID]);
    expect(resumed.toJSON().seenIds.at(-1)).toBe(third.ID);
  });

  it('never goes backwards: a first run with replay: false, then a resume, delivers only what follows the last handled event', async () => {
    const checkpoint = new EventCheckpoint();
    const options = () => ({ replay: false, ...checkpoint.resumeOptions() });
    agent.store.fire('deploy', 'v1');
    agent.store.fire('deploy', 'v2');
    const run1 = collect(consulEvents$('deploy', options()).pipe(tap((event) => checkpoint.record(event))));
    await eventually(() => agent.store.pendingWaits === 1);
    const v3 = agent.store.fire('deploy', 'v3');
    await eventually(() => run1.values.length === 1);
    run1.stop(); // the worker restarts

    const v4 = agent.store.fire('deploy', 'v4');
    const run2 = collect(consulEvents$('deploy', options()));
    await eventually(() => agent.store.pendingWaits === 1 && run2.values.length > 0);
    expect(ids(run1.values)).toEqual([v3.ID]);
    expect(ids(run2.values)).toEqual([v4.ID]);
  });

  it('sends one request that answers at once, then blocks, when nothing happened while the process was down', async () => {
    const handled = agent.store.fire('deploy', '1');
    const checkpoint = new EventCheckpoint();
    checkpoint.record(handled);
    const watch = collect(consulEvents$('deploy', checkpoint.resumeOptions()));
    await eventually(() => agent.store.pendingWaits === 1);
    expect(agent.requests).toHaveLength(2);
    expect(watch.values).toEqual([]);
  });
});
