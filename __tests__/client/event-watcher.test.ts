import { http, HttpResponse } from 'msw';
import type { Subscription } from 'rxjs';
import { ConsulHttpError } from '../../src/client/errors';
import { createEventWatcher, type EventCallback } from '../../src/client/event-watcher';
import type { EventWatcherOptions } from '../../src/client/options/watcher-options';
import type { ConsulEvent } from '../../src/consul/event';
import { fastRetry, useFakeAgent } from '../helpers/fake-agent';
import { eventually } from '../helpers/eventually';

// Unhandled rejections: Jest 30 fails the test that leaves one (the sandbox's `process` is
// its own emitter, so a listener a test installs there would never be called). The tests
// with failing callbacks end only after further deliveries, i.e. after Node has had its
// turn to report a rejection.

const agent = useFakeAgent();
const running: Subscription[] = [];
afterEach(() => running.splice(0).forEach((subscription) => subscription.unsubscribe()));

/** Starts `watch(name, …)` on a watcher with fast retries; the watch is stopped after the test. */
function watch(options: EventWatcherOptions, name: string, callback: EventCallback, initialIndex?: string, seenIds?: string[]) {
  const subscription = createEventWatcher({ retry: fastRetry, ...options }).watch(name, callback, initialIndex, seenIds);
  running.push(subscription);
  return subscription;
}

const noop = (): void => undefined;
const fire = (payload: string) => agent.store.fire('deploy', payload).ID;
const payloadOf = (event: ConsulEvent) => atob(event.Payload ?? '');

/** A promise the test settles. */
function gate() {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => { open = resolve; });
  return { promise, open };
}

/** An `onError` that records what it was given. */
function errorLog() {
  const reports: Array<{ error: unknown; eventId: string | undefined }> = [];
  const onError = (error: unknown, event?: ConsulEvent) => { reports.push({ error, eventId: event?.ID }); };
  return { reports, onError };
}

describe('createEventWatcher().watch(name, callback)', () => {
  it('calls the callback once per event of its name, in order, the backlog first', async () => {
    const a = fire('a');
    agent.store.fire('other', 'x');
    const b = fire('b');
    const seen: string[] = [];
    watch({}, 'deploy', (event) => { seen.push(event.ID); });
    await eventually(() => seen.length === 2);
    const c = fire('c');
    const d = fire('d');
    await eventually(() => seen.length === 4);
    await agent.expireWait();
    await agent.requestCount(agent.requests.length + 1);
    expect(seen).toEqual([a, b, c, d]);
  });

  it('reports a throwing callback to onError with its event, and keeps delivering', async () => {
    const log = errorLog();
    const boom = new Error('boom');
    const seen: string[] = [];
    const a = fire('a');
    const b = fire('b');
    watch({ onError: log.onError }, 'deploy', (event) => {
      seen.push(event.ID);
      if (event.ID === a) throw boom;
    });
    await eventually(() => seen.length === 2);
    const c = fire('c');
    await eventually(() => seen.length === 3);
    expect(seen).toEqual([a, b, c]);
    expect(log.reports).toEqual([{ error: boom, eventId: a }]);
  });

  it('reports a rejecting async callback to onError with its event, and keeps delivering', async () => {
    const log = errorLog();
    const seen: string[] = [];
    const a = fire('a');
    const b = fire('b');
    watch({ onError: log.onError }, 'deploy', async (event) => {
      seen.push(event.ID);
      await Promise.resolve();
      if (event.ID !== b) throw new Error(`failed ${payloadOf(event)}`);
    });
    await eventually(() => seen.length === 2);
    const c = fire('c');
    await eventually(() => log.reports.length === 2);
    expect(seen).toEqual([a, b, c]);
    expect(log.reports.map(({ error, eventId }) => [(error as Error).message, eventId])).toEqual([['failed a', a], ['failed c', c]]);
  });

  it.each([
    ['throws', () => { throw new Error('onError broke'); }],
    ['rejects', async () => { throw new Error('onError broke'); }],
  ])('survives an onError that itself %s', async (_, onError) => {
    const seen: string[] = [];
    fire('a');
    const subscription = watch({ onError }, 'deploy', (event) => {
      seen.push(event.ID);
      throw new Error('callback broke');
    });
    await eventually(() => seen.length === 1);
    fire('b');
    await eventually(() => seen.length === 2);
    expect(subscription.closed).toBe(false);
  });

  it('writes one console.warn line by default for a failing callback', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const seen: string[] = [];
      const a = fire('a');
      fire('b');
      watch({}, 'deploy', (event) => {
        seen.push(event.ID);
        if (event.ID === a) throw new Error('boom\n  at line two');
      });
      await eventually(() => seen.length === 2);
      expect(warn.mock.calls).toEqual([[`rx-consul-events: callback failed for event ${a} ("deploy"): Error: boom at line two`]]);
    } finally {
      warn.mockRestore();
    }
  });
});

describe('createEventWatcher({ concurrency }).watch(name, callback)', () => {
  it('by default, as the Lua library, does not hold later events up behind a slow callback, and starts callbacks in the agent\'s order', async () => {
    const slow = gate();
    const started: string[] = [];
    const finished: string[] = [];
    fire('a');
    fire('b');
    fire('c');
    watch({}, 'deploy', async (event) => {
      const payload = payloadOf(event);
      started.push(payload);
      if (payload === 'a') await slow.promise;
      finished.push(payload);
    });
    await eventually(() => finished.length === 2);
    await agent.expireWait();
    fire('d');
    await eventually(() => finished.length === 3);
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    expect(finished).toEqual(['b', 'c', 'd']);
    slow.open();
    await eventually(() => finished.length === 4);
    expect(finished).toEqual(['b', 'c', 'd', 'a']);
  });

  it('by default, runs at most 256 callbacks at once (a whole buffer of the agent), the next one when a place frees', async () => {
    const gates = new Map<string, ReturnType<typeof gate>>();
    const started: string[] = [];
    for (let i = 0; i < 256; i += 1) {
      gates.set(String(i), gate());
      fire(String(i));
    }
    watch({}, 'deploy', async (event) => {
      started.push(payloadOf(event));
      await gates.get(payloadOf(event))?.promise;
    });
    await eventually(() => started.length === 256);
    fire('256');
    await agent.requestCount(3); // the long-poll fetched 256 while every place was taken
    expect(started).toHaveLength(256);
    gates.get('7')!.open();
    await eventually(() => started.length === 257);
    expect(started.at(-1)).toBe('256');
    gates.forEach(({ open }) => open());
  });

  it('with concurrency 1, starts a callback only after the previous one finished, and keeps polling meanwhile', async () => {
    const slow = { a: gate(), c: gate() };
    const started: string[] = [];
    const finished: string[] = [];
    fire('a');
    fire('b');
    fire('c');
    watch({ concurrency: 1 }, 'deploy', async (event) => {
      const payload = payloadOf(event);
      started.push(payload);
      if (payload === 'a' || payload === 'c') await slow[payload].promise;
      finished.push(payload);
    });
    await agent.requestCount(2);
    fire('d');
    await agent.requestCount(3); // the long-poll fetched d while a's callback still runs
    expect(started).toEqual(['a']);
    slow.a.open();
    await eventually(() => started.length === 3);
    expect(finished).toEqual(['a', 'b']);
    slow.c.open();
    await eventually(() => finished.length === 4);
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    expect(finished).toEqual(['a', 'b', 'c', 'd']);
  });

  it('with concurrency 3, runs at most 3 callbacks at once and starts the next as one finishes', async () => {
    const gates = new Map<string, ReturnType<typeof gate>>();
    const started: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    ['1', '2', '3', '4', '5'].forEach((payload) => { gates.set(payload, gate()); fire(payload); });
    watch({ concurrency: 3 }, 'deploy', async (event) => {
      started.push(payloadOf(event));
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await gates.get(payloadOf(event))!.promise;
      inFlight -= 1;
    });
    await agent.requestCount(2);
    expect(started).toEqual(['1', '2', '3']);
    gates.get('2')!.open();
    await eventually(() => started.length === 4);
    expect(started[3]).toBe('4');
    gates.forEach(({ open }) => open());
    await eventually(() => started.length === 5 && inFlight === 0);
    expect(maxInFlight).toBe(3);
  });
});

describe('createEventWatcher({ maxQueued }).watch(name, callback)', () => {
  it('reports an event that arrives while maxQueued events wait to onError, with the event, instead of queueing it; the watch goes on', async () => {
    const log = errorLog();
    const slow = gate();
    const started: string[] = [];
    const a = fire('a');
    watch({ concurrency: 1, maxQueued: 1, onError: log.onError }, 'deploy', async (event) => {
      started.push(payloadOf(event));
      if (event.ID === a) await slow.promise;
    });
    await eventually(() => started.length === 1);
    await agent.expireWait();
    fire('b');
    const c = fire('c');
    await eventually(() => log.reports.length === 1);
    expect(log.reports[0]!.eventId).toBe(c);
    expect(log.reports[0]!.error).toBeInstanceOf(RangeError);
    expect((log.reports[0]!.error as Error).message).toBe(`createEventWatcher: 1 events already wait for a callback (maxQueued); event ${c} ("deploy") was not handed to one`);
    slow.open();
    await eventually(() => started.length === 2);
    const d = fire('d');
    await eventually(() => started.length === 3);
    expect(started).toEqual(['a', 'b', 'd']);
    expect(log.reports.map((report) => report.eventId)).toEqual([c]);
    void d;
  });
});

describe('createEventWatcher().watch(name, callback, initialIndex, seenIds)', () => {
  it('resumes from a checkpoint: only what is listed after the last of seenIds, none of them', async () => {
    fire('listed before the checkpoint');
    const handled = fire('handled before the restart');
    const checkpoint = agent.store.list().index;
    const missed = fire('fired while we were down');
    const seen: string[] = [];
    watch({}, 'deploy', (event) => { seen.push(event.ID); }, checkpoint, [handled]);
    await eventually(() => agent.store.pendingWaits === 1 && seen.length === 1);
    expect(seen).toEqual([missed]);
  });
});

describe('watch(…).unsubscribe()', () => {
  it('stops deliveries at once: events waiting behind a running callback and later ones never come', async () => {
    const slow = gate();
    const started: string[] = [];
    fire('a');
    fire('b');
    const subscription = watch({ concurrency: 1 }, 'deploy', async (event) => {
      started.push(payloadOf(event));
      await slow.promise;
    });
    await eventually(() => started.length === 1);
    subscription.unsubscribe();
    expect(subscription.closed).toBe(true);
    slow.open();
    const control: string[] = [];
    watch({}, 'deploy', (event) => { control.push(payloadOf(event)); });
    await eventually(() => control.length === 2);
    fire('c');
    await eventually(() => control.length === 3); // had the stopped watch still been polling, c would have reached it too
    expect(started).toEqual(['a']);
  });
});

describe('createEventWatcher() when the watch itself fails', () => {
  const deny = () => agent.server.use(http.get('*/v1/event/list', () => new HttpResponse('ACL not found', { status: 403 })));

  it('reports a 403 to onError once, without an event, and ends the watch', async () => {
    deny();
    const log = errorLog();
    const callback = jest.fn();
    const subscription = watch({ onError: log.onError }, 'deploy', callback);
    await eventually(() => log.reports.length > 0);
    expect(subscription.closed).toBe(true);
    expect(log.reports).toHaveLength(1);
    expect(log.reports[0]!.eventId).toBeUndefined();
    expect(log.reports[0]!.error).toBeInstanceOf(ConsulHttpError);
    expect(log.reports[0]!.error).toMatchObject({ status: 403, body: 'ACL not found' });
    expect(agent.requests).toHaveLength(1);
    expect(callback).not.toHaveBeenCalled();
  });

  it('writes one console.warn line by default', async () => {
    deny();
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const subscription = watch({ token: 'secret-token' }, 'deploy', noop);
      await eventually(() => subscription.closed);
      expect(warn).toHaveBeenCalledTimes(1);
      const [line] = warn.mock.calls[0]!;
      expect(line).toMatch(/^rx-consul-events: watch stopped: ConsulHttpError: Consul answered 403 to GET \/v1\/event\/list\?\S*: ACL not found$/);
      expect(line).not.toContain('secret-token');
    } finally {
      warn.mockRestore();
    }
  });
});

describe('createEventWatcher validates its options at once', () => {
  it.each([
    [{ concurrency: 0 }, RangeError, 'createEventWatcher: options.concurrency must be an integer from 1 to Infinity, got 0'],
    [{ concurrency: 2.5 }, RangeError, 'createEventWatcher: options.concurrency must be an integer from 1 to Infinity, got 2.5'],
    [{ concurrency: '3' }, TypeError, 'createEventWatcher: options.concurrency must be an integer from 1 to Infinity, got "3"'],
    [{ maxQueued: -1 }, RangeError, 'createEventWatcher: options.maxQueued must be an integer from 0 to Infinity, got -1'],
    [{ maxQueued: 1.5 }, RangeError, 'createEventWatcher: options.maxQueued must be an integer from 0 to Infinity, got 1.5'],
    [{ onError: 'log' }, TypeError, 'createEventWatcher: options.onError must be a function, got "log"'],
    [{ initialIndex: '42' }, TypeError, 'createEventWatcher: options.initialIndex is given per watch: watch(name, callback, initialIndex, seenIds)'],
    [{ seenIds: [] }, TypeError, 'createEventWatcher: options.seenIds is given per watch: watch(name, callback, initialIndex, seenIds)'],
    [{ port: 70_000 }, RangeError, 'options.port must be an integer from 1 to 65535, got 70000'],
    ['localhost', TypeError, 'createEventWatcher: options must be an object, got "localhost"'],
  ])('rejects %j', (options, type, message) => {
    const create = () => createEventWatcher(options as EventWatcherOptions);
    expect(create).toThrow(type);
    expect(create).toThrow(message);
  });

  it('accepts concurrency Infinity', () => {
    expect(() => createEventWatcher({ concurrency: Infinity })).not.toThrow();
  });

  it.each([
    ["'deploy', 'not a function'", ['deploy', 'not a function'], 'watch: callback must be a function, got "not a function"'],
    ["'deploy', callback, 42", ['deploy', noop, 42], 'options.initialIndex must be an X-Consul-Index string'],
    ["'deploy', callback, undefined, 'abc'", ['deploy', noop, undefined, 'abc'], 'options.seenIds must be an iterable of event ID strings, got "abc"'],
    ["'', callback", ['', noop], 'name must be a non-empty string, got ""'],
  ])('watch(%s) throws a TypeError naming the argument', (_, args, message) => {
    const watcher = createEventWatcher();
    const call = () => (watcher.watch as (...a: unknown[]) => Subscription)(...args);
    expect(call).toThrow(TypeError);
    expect(call).toThrow(message);
  });
});
