import type { ConsulEvent } from '../consul/event';

/** The error as one line of text: `Name: message` for errors (of any realm), else its string form. */
function oneLine(error: unknown): string {
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
  const text = typeof message === 'string' ? `${String(name)}: ${message}` : String(error);
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

/**
 * The default `onError` of `createEventWatcher`: one `console.warn` line saying which
 * event's callback failed, or that the watch stopped. Our errors never contain the token.
 *
 * @example
 * ```ts
 * warnWatchError(new Error('boom'), event);
 * // rx-consul-events: callback failed for event afe6d0d3-c8f7-bea6-0311-2b3672cdb3fd ("deploy"): Error: boom
 * warnWatchError(new ConsulHttpError(403, 'ACL not found', 'GET /v1/event/list?name=deploy&wait=60s'));
 * // rx-consul-events: watch stopped: ConsulHttpError: Consul answered 403 to GET /v1/event/list?name=deploy&wait=60s: ACL not found
 * ```
 */
export function warnWatchError(error: unknown, event?: ConsulEvent): void {
  const what = event ? `callback failed for event ${event.ID} (${JSON.stringify(event.Name)})` : 'watch stopped';
  console.warn(`rx-consul-events: ${what}: ${oneLine(error)}`);
}

/**
 * Calls the user's `onError` so that nothing it does can escape: a throw is swallowed, and
 * so is a rejection of the promise it may return (no unhandled rejection).
 *
 * @example
 * ```ts
 * const report = safeReporter(options.onError);
 * report(new Error('boom'), event); // never throws
 * ```
 */
export function safeReporter(onError: (error: unknown, event?: ConsulEvent) => unknown) {
  const ignore = () => undefined;
  return (error: unknown, event?: ConsulEvent): void => {
    try {
      const result = onError(error, event);
      if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') {
        Promise.resolve(result).catch(ignore);
      }
    } catch {
      // onError itself failed: there is no one left to tell.
    }
  };
}
