import { Observable, VirtualTimeScheduler } from 'rxjs';
import type { ConsulEvent, ConsulEventsStatus } from '../../../src';
import { normalizeWatchOptions } from '../../../src/client/options/watch-options';
import { EventPoll, type PollConfig } from '../../../src/client/poll/event-poll';
import { EventSlice } from '../../../src/client/poll/event-slice';
import { event, scriptedClient } from '../../helpers/scripted-client';
import { httpAnswer } from '../../../src/client/transport/http-client';
import { indexOfEventList } from '../../../src/consul/consul-index';

/**
 * The shared poll driven answer by answer through a scripted client: no sockets, no timers
 * but the virtual scheduler's. Every answer is handled synchronously, so each expectation
 * reads what the subscribers got from exactly the answers before it.
 */
function setup() {
  const agent = scriptedClient();
  const scheduler = new VirtualTimeScheduler();
  const base = normalizeWatchOptions(undefined, { retry: { initialDelay: 10, maxDelay: 10 }, scheduler }, {});
  const config: PollConfig = { ...base, name: undefined };
  let done = 0;
  const poll = new EventPoll(config, () => done++, () => agent.client);
  /** Subscribes a subscriber of `name` with these options through the poll; records what it gets. */
  const join = (name?: string | string[], options: Parameters<typeof normalizeWatchOptions>[1] = {}) => {
    const sliceConfig = normalizeWatchOptions(name, options, {});
    const got = { events: [] as ConsulEvent[], statuses: [] as ConsulEventsStatus[], error: undefined as unknown, leave: () => {} };
    const subscription = new Observable<ConsulEvent>((subscriber) =>
      poll.join(new EventSlice(subscriber, { ...sliceConfig, onStatus: (status) => got.statuses.push(status) }))).subscribe({
      next: (value) => got.events.push(value),
      error: (error: unknown) => { got.error = error; },
    });
    got.leave = () => subscription.unsubscribe();
    return got;
  };
  return { agent, scheduler, poll, join, get done() { return done; } };
}

const ids = (events: readonly ConsulEvent[]) => events.map((e) => e.ID);

describe('EventPoll: one long-poll, its answers handed to its subscribers', () => {
  it('hands each new event to the subscribers of its name, once, in the agent order', () => {
    const { agent, join } = setup();
    const deploy = join('deploy');
    const several = join(['deploy', 'restart']);
    const every = join();
    const [a, x, b] = [event('deploy'), event('other'), event('restart')];
    agent.answer([a]);
    agent.answer([a, x, b]);
    const c = event('deploy');
    agent.answer([a, x, b, c]);
    expect(ids(deploy.events)).toEqual(ids([a, c]));
    expect(ids(several.events)).toEqual(ids([a, b, c]));
    expect(ids(every.events)).toEqual(ids([a, x, b, c]));
    expect(agent.requests.map((r) => r.url.searchParams.get('index'))).toEqual([null, agent.requests[1]!.url.searchParams.get('index'), expect.any(String), expect.any(String)]);
  });

  it('starts a late subscriber from the last answer: its backlog at once, no request of its own', () => {
    const { agent, join } = setup();
    join('other');
    const [a, b] = [event(), event()];
    agent.answer([a, b]);
    const replaying = join('deploy');
    const skipping = join('deploy', { replay: false });
    const resuming = join('deploy', { seenIds: [a.ID] });
    expect(agent.requests).toHaveLength(2);
    const c = event();
    agent.answer([a, b, c]);
    expect(ids(replaying.events)).toEqual(ids([a, b, c]));
    expect(ids(skipping.events)).toEqual(ids([c]));
    expect(ids(resuming.events)).toEqual(ids([b, c]));
  });

  it('gives a backlog without the gossip duplicates the agent lists', () => {
    const { agent, join } = setup();
    const watcher = join('deploy');
    const a = event();
    agent.answer([a, a]);
    expect(ids(watcher.events)).toEqual(ids([a]));
  });

  it('reports a gap to the subscribers that were watching, with the reason the list shows', () => {
    const { agent, join } = setup();
    const watching = join('deploy');
    const [a, b, c] = [event(), event(), event()];
    agent.answer([a, b]);
    agent.answer([c]); // shorter: the agent started over
    const [d, e] = [event(), event()];
    agent.answer([d, e]); // c gone, the list as long: it turned over
    expect(watching.statuses.filter((s) => s.type === 'gap')).toEqual([
      { type: 'gap', reason: 'emptied', lastSeenId: b.ID, index: expect.any(String) },
      { type: 'gap', reason: 'evicted', lastSeenId: c.ID, index: expect.any(String) },
    ]);
    expect(ids(watching.events)).toEqual(ids([a, b, c, d, e]));
  });

  it('reports a possible loss when an empty list comes back holding a whole ring after a failure', () => {
    const { agent, scheduler, join } = setup();
    const watching = join('deploy');
    agent.answer([]); // an agent that just (re)started
    agent.status(503, 'down for a while');
    scheduler.flush();
    const ring = Array.from({ length: 256 }, () => event('deploy'));
    agent.answer(ring); // more than 256 fired meanwhile: the oldest of them are gone
    expect(watching.statuses.filter((s) => s.type === 'gap')).toEqual([{ type: 'gap', reason: 'evicted', index: expect.any(String) }]);
    expect(watching.events).toHaveLength(256);
  });

  it('runs one loop even when the first answer comes back synchronously and a subscriber joins from inside it', () => {
    const a = event();
    let connections = 0;
    const scheduler = new VirtualTimeScheduler();
    const config: PollConfig = { ...normalizeWatchOptions(undefined, { scheduler }, {}), name: undefined };
    const sent: string[] = [];
    const poll = new EventPoll(config, () => {}, () => {
      connections++;
      return {
        send(_method, path, _options, done) {
          sent.push(path);
          // Only the first request answers, at once, before send() returns.
          if (sent.length === 1) done(undefined, httpAnswer(200, JSON.stringify([a]), (name) => (name === 'x-consul-index' ? indexOfEventList([a]) : undefined), (t) => t));
          return () => {};
        },
        close() {},
      };
    });
    const late: ConsulEvent[] = [];
    const first = new Observable<ConsulEvent>((subscriber) => poll.join(new EventSlice(subscriber, normalizeWatchOptions('deploy', {}, {})))).subscribe(() => {
      new Observable<ConsulEvent>((subscriber) => poll.join(new EventSlice(subscriber, normalizeWatchOptions('deploy', {}, {})))).subscribe((e) => late.push(e));
    });
    expect(connections).toBe(1);
    expect(sent).toHaveLength(2); // the first answer, then one blocking request: not a second loop's
    expect(ids(late)).toEqual([a.ID]);
    first.unsubscribe();
  });

  it('cancels the request in flight on the last unsubscribe even when the answers before it came back synchronously', () => {
    const [a, b] = [event(), event()];
    const scheduler = new VirtualTimeScheduler();
    const config: PollConfig = { ...normalizeWatchOptions(undefined, { scheduler }, {}), name: undefined };
    const lists = [[a], [a, b]];
    const sent: Array<{ cancelled: boolean }> = [];
    const poll = new EventPoll(config, () => {}, () => ({
      send(_method, _path, _options, done) {
        const request = { cancelled: false };
        sent.push(request);
        // The scripted lists answer at once, before send() returns; the request after them blocks.
        const list = lists.shift();
        if (list) done(undefined, httpAnswer(200, JSON.stringify(list), (name) => (name === 'x-consul-index' ? indexOfEventList(list) : undefined), (t) => t));
        return () => { request.cancelled = true; };
      },
      close() {},
    }));
    const got: ConsulEvent[] = [];
    const subscription = new Observable<ConsulEvent>((subscriber) => poll.join(new EventSlice(subscriber, normalizeWatchOptions('deploy', {}, {})))).subscribe((e) => got.push(e));
    expect(ids(got)).toEqual([a.ID, b.ID]);
    expect(sent.map((request) => request.cancelled)).toEqual([false, false, false]);
    subscription.unsubscribe();
    expect(sent.map((request) => request.cancelled)).toEqual([false, false, true]);
  });

  it('tells every subscriber of retries and the recovery, and a start-outage to one that skipped the backlog meanwhile', () => {
    const { agent, scheduler, join } = setup();
    const skipping = join('deploy', { replay: false });
    const replaying = join('deploy');
    agent.status(503, 'starting');
    scheduler.flush();
    const a = event();
    agent.answer([a]);
    for (const watcher of [skipping, replaying]) {
      expect(watcher.statuses.map((s) => s.type)).toEqual(['retry', 'recovered', ...(watcher === skipping ? ['gap'] : [])]);
    }
    expect(skipping.statuses[2]).toEqual({ type: 'gap', reason: 'start-outage', index: expect.any(String), skipped: 1 });
    expect(skipping.events).toEqual([]);
    expect(ids(replaying.events)).toEqual(ids([a]));
  });

  it('tells a subscriber that joins while events are hidden from the token, and the watchers when that changes', () => {
    const { agent, join } = setup();
    const early = join();
    agent.answer([event()], { 'x-consul-results-filtered-by-acls': 'true' });
    const late = join();
    agent.answer([], {});
    expect(early.statuses).toEqual([{ type: 'acl-filtered', filtered: true }, { type: 'acl-filtered', filtered: false }]);
    expect(late.statuses).toEqual([{ type: 'acl-filtered', filtered: true }, { type: 'acl-filtered', filtered: false }]);
  });

  it('aborts its request and closes its connection when the last subscriber leaves, and only then', () => {
    const setupResult = setup();
    const { agent, join } = setupResult;
    const first = join('a');
    const second = join('b');
    agent.answer([]);
    first.leave();
    expect(agent.open.cancelled).toBe(false);
    const open = agent.open;
    second.leave();
    expect(open.cancelled).toBe(true);
    expect(agent.closed).toBe(true);
    expect(setupResult.done).toBe(1);
  });

  it('sends nothing after the last subscriber left: no next poll, no pending retry', () => {
    const { agent, scheduler, join } = setup();
    const watcher = join('deploy');
    agent.status(503, 'starting'); // a retry is now waiting on the scheduler
    watcher.leave();
    scheduler.flush();
    expect(agent.requests).toHaveLength(1);
    const again = setup();
    const other = again.join('deploy');
    again.agent.answer([]);
    other.leave();
    again.scheduler.flush();
    expect(again.agent.requests.map((r) => r.cancelled)).toEqual([false, true]);
  });

  it('ends every subscription with a final error, and is done', () => {
    const setupResult = setup();
    const { agent, join } = setupResult;
    const watchers = [join('a'), join()];
    agent.status(403, 'ACL not found');
    expect(watchers.map((w) => (w.error as Error).message)).toEqual([
      'Consul answered 403 to GET /v1/event/list?wait=60s: ACL not found',
      'Consul answered 403 to GET /v1/event/list?wait=60s: ACL not found',
    ]);
    expect(setupResult.done).toBe(1);
    expect(agent.closed).toBe(true);
  });
});
