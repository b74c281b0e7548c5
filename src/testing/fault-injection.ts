/**
 * The two event endpoints a fault can target.
 *
 * @example
 * ```ts
 * store.injectFault({ kind: 'reset' }, { route: 'fire' });
 * ```
 */
export type EventRoute = 'list' | 'fire';

/**
 * A failure the emulated agent (or something between it and the client) produces instead
 * of, or on top of, the real answer. Shared by the MSW handlers and the HTTP server.
 *
 * - `status`: answer only this status, body (default `''`) and headers: no index, no events.
 * - `reset`: drop the connection without an answer (the client sees a network error).
 * - `hang`: never answer; the request ends only when the client aborts it, or on
 *   `restart()` / `close()` (then as a `reset`).
 * - `truncated-body`: the real answer with its body cut in half (status and headers kept).
 * - `body`: the real answer with its body replaced, e.g. `'<html>'` or `'null'`.
 * - `missing-index`: the real answer without `X-Consul-Index`.
 * - `index`: the real answer with `X-Consul-Index` set to `value`, e.g. `'abc'` or `'-1'`.
 *
 * @example
 * ```ts
 * store.injectFault({ kind: 'status', status: 429, body: 'Too many requests', headers: { 'Retry-After': '1' } });
 * store.injectFault({ kind: 'index', value: 'not-a-number' }, { route: 'list', times: 2 });
 * ```
 */
export type ConsulFault =
  | { kind: 'status'; status: number; body?: string; headers?: Readonly<Record<string, string>> }
  | { kind: 'reset' }
  | { kind: 'hang' }
  | { kind: 'truncated-body' }
  | { kind: 'body'; body: string }
  | { kind: 'missing-index' }
  | { kind: 'index'; value: string };

/**
 * Which requests a fault hits and how many.
 *
 * @example
 * ```ts
 * const threeListFailures: FaultOptions = { times: 3, route: 'list' };
 * ```
 */
export interface FaultOptions {
  /** How many matching requests it hits (a positive integer). @default 1 */
  times?: number;
  /** The endpoint it hits. @default either endpoint */
  route?: EventRoute;
}

interface QueuedFault {
  fault: ConsulFault;
  route: EventRoute | undefined;
  remaining: number;
}

/**
 * Faults waiting to hit requests, in the order they were injected. Each request takes the
 * first queued fault whose route matches it, if any.
 *
 * @example
 * ```ts
 * const faults = new FaultQueue();
 * faults.add({ kind: 'reset' }, { route: 'list' });
 * faults.take('fire'); // undefined: the reset waits for a list request
 * faults.take('list'); // { kind: 'reset' }
 * faults.take('list'); // undefined: used up
 * ```
 */
export class FaultQueue {
  private readonly queued: QueuedFault[] = [];

  /** Queues a fault behind those already waiting. */
  add(fault: ConsulFault, { times = 1, route }: FaultOptions = {}): void {
    if (!Number.isInteger(times) || times < 1) {
      throw new RangeError(`injectFault: times must be a positive integer, got ${String(times)}`);
    }
    this.queued.push({ fault, route, remaining: times });
  }

  /** Takes the fault for one request to `route`, or `undefined` when none is waiting for it. */
  take(route: EventRoute): ConsulFault | undefined {
    const position = this.queued.findIndex((entry) => entry.route === undefined || entry.route === route);
    const entry = this.queued[position];
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining === 0) this.queued.splice(position, 1);
    return entry.fault;
  }

  /** Forgets every waiting fault. */
  clear(): void {
    this.queued.length = 0;
  }
}
