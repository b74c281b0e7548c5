import { setupServer } from 'msw/node';
import { asyncScheduler, type SchedulerAction, type SchedulerLike } from 'rxjs';
import { ConsulEventStore } from '../../src/testing';
import { consulEventHandlers } from '../../src/testing/msw';
import { eventually } from './eventually';

/** A list request as the fake agent received it. */
export interface SeenRequest {
  readonly url: URL;
  readonly headers: Headers;
}

/**
 * An MSW-backed Consul agent for one test file: a fresh emulator store per test, every
 * request recorded, and a way to wait for the client's next list request.
 */
export function useFakeAgent() {
  const server = setupServer();
  const requests: SeenRequest[] = [];
  const waiting: Array<(request: SeenRequest) => void> = [];
  let store = new ConsulEventStore();

  server.events.on('request:start', ({ request }) => {
    const seen = { url: new URL(request.url), headers: request.headers };
    if (seen.url.pathname !== '/v1/event/list') return;
    requests.push(seen);
    waiting.splice(0).forEach((resolve) => resolve(seen));
  });

  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  beforeEach(() => {
    store = new ConsulEventStore();
    server.use(...consulEventHandlers(store));
    requests.length = 0;
  });
  afterEach(() => {
    server.resetHandlers();
    store.close();
  });
  afterAll(() => server.close());

  return {
    server,
    /** The emulated agent's state for the current test. */
    get store(): ConsulEventStore {
      return store;
    },
    /** Every list request of the current test, oldest first. */
    requests,
    /** Resolves with the next list request the client sends (after the call). */
    nextRequest(): Promise<SeenRequest> {
      return new Promise((resolve) => waiting.push(resolve));
    },
    /** Waits until a list request is blocked at the agent, then answers it as if its wait elapsed. */
    async expireWait(): Promise<void> {
      await eventually(() => store.pendingWaits > 0);
      store.expireWaits();
    },
    /** Resolves once the client has sent `count` list requests in this test. */
    async requestCount(count: number): Promise<SeenRequest> {
      while (requests.length < count) await new Promise((resolve) => waiting.push(resolve));
      return requests[count - 1]!;
    },
  };
}

/** The `index` query parameter of a request, or `null` when it had none. */
export const indexOf = (request: SeenRequest): string | null => request.url.searchParams.get('index');

/** A real-time scheduler that records every delay the stream asks it for. */
export function recordingScheduler(): SchedulerLike & { delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    now: () => asyncScheduler.now(),
    schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T) {
      delays.push(delay);
      return asyncScheduler.schedule(work, delay, state);
    },
  };
}

/** A real-time scheduler whose clock a test can move forward, to stand for time spent blocked. */
export function clockScheduler(): SchedulerLike & { advance(ms: number): void } {
  let offset = 0;
  return {
    now: () => asyncScheduler.now() + offset,
    schedule: asyncScheduler.schedule.bind(asyncScheduler) as SchedulerLike['schedule'],
    advance(ms: number) {
      offset += ms;
    },
  };
}

const liveSubscriptions = new Set<{ unsubscribe(): void }>();
afterEach(() => {
  liveSubscriptions.forEach((subscription) => subscription.unsubscribe());
  liveSubscriptions.clear();
});

/**
 * Subscribes and records what the stream delivers; call `stop()` to unsubscribe. Whatever
 * a test leaves subscribed is unsubscribed after it, so no loop leaks into the next test.
 */
export function collect<T>(source: import('rxjs').Observable<T>) {
  const values: T[] = [];
  const result = { values, error: undefined as unknown, completed: false, stop: () => subscription.unsubscribe() };
  const subscription = source.subscribe({
    next: (value) => values.push(value),
    error: (error: unknown) => { result.error = error; },
    complete: () => { result.completed = true; },
  });
  liveSubscriptions.add(subscription);
  return result;
}

/** Fast retries for tests: backoff of a few milliseconds. */
export const fastRetry = { initialDelay: 1, maxDelay: 8 } as const;
