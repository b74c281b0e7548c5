/**
 * A request the emulated agent holds open: a blocking list query, or a `hang` fault.
 * Every way it can end goes through one place that clears its timer and abort listener.
 *
 * @example
 * ```ts
 * for (const query of [...blockedQueries]) query.recheck(); // after storing an event
 * ```
 */
export interface HeldRequest {
  /** A new event was stored: answer if this request's answer changed. */
  recheck(): void;
  /** Answer now with the current state, as if the wait had elapsed. */
  expire(): void;
  /** End without an answer (restart, close); the promise rejects with `error`. */
  drop(error: Error): void;
}

/**
 * How a pending request decides when and with what to answer.
 *
 * @example
 * ```ts
 * const blockingQuery: HeldRequestOptions<EventListAnswer> = {
 *   signal, waitMs: 30_000, answer: () => store.list('deploy'), changed: () => indexMoved(),
 * };
 * ```
 */
export interface HeldRequestOptions<T> {
  /** Aborting it drops the request (its promise rejects with the signal's reason). */
  signal: AbortSignal | undefined;
  /** Answer after this many milliseconds; `Infinity` (or beyond a timer's range) = never. @default Infinity */
  waitMs?: number;
  /** The answer, computed when the request is answered; omit for a request never answered (a hang). */
  answer?: () => T;
  /** Whether a newly stored event changed the answer. @default never */
  changed?: () => boolean;
}

/** setTimeout's longest delay; longer ones would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Opens a pending request and adds it to `registry` until it ends, whichever way.
 *
 * @example
 * ```ts
 * const waits = new Set<HeldRequest>();
 * const answer = openHeldRequest(waits, {
 *   signal, waitMs: 30_000, answer: () => store.list('deploy'), changed: () => indexMoved(),
 * });
 * waits.size; // 1 until it is answered, aborted or dropped
 * ```
 */
export function openHeldRequest<T>(registry: Set<HeldRequest>, options: HeldRequestOptions<T>): Promise<T> {
  const { signal, waitMs = Infinity, answer, changed } = options;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const end = (settle: () => void): void => {
      registry.delete(pending);
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      settle();
    };
    const answerNow = (): void => {
      if (answer) end(() => resolve(answer()));
    };
    const pending: HeldRequest = {
      recheck: () => {
        if (changed?.()) answerNow();
      },
      expire: answerNow,
      drop: (error) => end(() => reject(error)),
    };
    const onAbort = (): void => pending.drop(signal?.reason);
    const timer = answer && waitMs <= MAX_TIMER_MS ? setTimeout(answerNow, Math.max(0, waitMs)) : undefined;
    timer?.unref?.(); // a wait nobody will read (a client gone unnoticed) must not keep Node alive
    signal?.addEventListener('abort', onAbort, { once: true });
    registry.add(pending);
  });
}
