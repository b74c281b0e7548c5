import { merge } from 'rxjs';
import { consulEvents$ } from '../../src';
import { collect, indexOf, useFakeAgent } from '../helpers/fake-agent';
import { eventually } from '../helpers/eventually';

const agent = useFakeAgent();
const names = (events: Array<{ Name: string }>) => events.map((event) => event.Name);

describe('merge(consulEvents$(a), consulEvents$(b))', () => {
  it('delivers both names, in the order of the agent, over the one shared long-poll', async () => {
    const watch = collect(merge(consulEvents$('deploy'), consulEvents$('restart')));
    await eventually(() => agent.store.pendingWaits === 1);
    agent.store.fire('deploy', '1');
    agent.store.fire('other', 'x');
    agent.store.fire('restart', '2');
    await eventually(() => watch.values.length === 2);
    expect(names(watch.values)).toEqual(['deploy', 'restart']);
    expect(agent.requests.every((r) => !r.url.searchParams.has('name'))).toBe(true);
  });

  it('with shared: false, runs one long-poll per name, each filtered by the agent', async () => {
    const watch = collect(merge(consulEvents$('deploy', { shared: false }), consulEvents$('restart', { shared: false })));
    await eventually(() => agent.store.pendingWaits === 2);
    agent.store.fire('deploy', '1');
    agent.store.fire('restart', '2');
    await eventually(() => watch.values.length === 2);
    expect(names(watch.values).sort()).toEqual(['deploy', 'restart']);
    expect(new Set(agent.requests.map((r) => r.url.searchParams.get('name')))).toEqual(new Set(['deploy', 'restart']));
  });
});

describe('consulEvents$([a, b])', () => {
  it('serves several names over one unfiltered long-poll, keeping only those names, in order', async () => {
    agent.store.fire('deploy', '1');
    agent.store.fire('other', 'x');
    agent.store.fire('restart', '2');
    const watch = collect(consulEvents$(['deploy', 'restart']));
    await eventually(() => watch.values.length === 2);
    agent.store.fire('other', 'y');
    agent.store.fire('deploy', '3');
    await eventually(() => watch.values.length === 3);
    expect(names(watch.values)).toEqual(['deploy', 'restart', 'deploy']);
    expect(agent.requests.every((r) => !r.url.searchParams.has('name'))).toBe(true);
    expect(agent.store.pendingWaits).toBeLessThanOrEqual(1);
  });

  it('treats a one-name list as that name (filtered by the agent with shared: false)', async () => {
    const watch = collect(consulEvents$(['deploy', 'deploy'], { shared: false }));
    const first = await agent.requestCount(1);
    watch.stop();
    expect(first.url.searchParams.get('name')).toBe('deploy');
    expect(indexOf(first)).toBeNull();
  });

  it('rejects an empty list or a non-string name, naming it', () => {
    expect(() => consulEvents$([])).toThrow(/consulEvents\$: names must be a non-empty array of event names/);
    expect(() => consulEvents$(['a', 5 as unknown as string])).toThrow(/names\[1\] must be a non-empty string, got 5/);
  });
});
