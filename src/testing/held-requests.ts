import { openHeldRequest, type HeldRequest, type HeldRequestOptions } from './held-request';
import { ConnectionDroppedError } from './store-errors';

/**
 * The requests an emulated agent holds open: blocked list queries, which an event or their
 * wait answers, and hung requests (the `hang` fault), which nothing answers. Once closed,
 * anything new that would be held is dropped at once.
 *
 * @example
 * ```ts
 * const held = new HeldRequests();
 * const answer = held.block({ signal, waitMs: 30_000, answer: () => list(), changed: () => moved() });
 * held.recheck();   // after storing an event
 * held.close();     // drops everything: `answer` rejects with ConnectionDroppedError
 * ```
 */
export class HeldRequests {
  private readonly blockedQueries = new Set<HeldRequest>();
  private readonly hungRequests = new Set<HeldRequest>();
  private closed = false;

  /** How many list queries are blocked right now. */
  get blockedCount(): number {
    return this.blockedQueries.size;
  }

  /** Holds a blocking query until it is answered, aborted or dropped. */
  block<T>(options: HeldRequestOptions<T>): Promise<T> {
    if (this.closed) return Promise.reject(new ConnectionDroppedError('close'));
    return openHeldRequest(this.blockedQueries, options);
  }

  /** Holds a request that is never answered; it ends on abort or when dropped. */
  hang(signal: AbortSignal | undefined): Promise<never> {
    if (this.closed) return Promise.reject(new ConnectionDroppedError('close'));
    return openHeldRequest<never>(this.hungRequests, { signal });
  }

  /** A new event was stored: every blocked query answers if its list changed. */
  recheck(): void {
    for (const query of [...this.blockedQueries]) query.recheck();
  }

  /** Every blocked query answers now, as if its wait had elapsed. */
  expire(): void {
    for (const query of [...this.blockedQueries]) query.expire();
  }

  /** Ends every held request unanswered; they reject with `error`. */
  drop(error: ConnectionDroppedError): void {
    for (const request of [...this.blockedQueries, ...this.hungRequests]) request.drop(error);
  }

  /** Drops everything held and refuses to hold anything more. */
  close(): void {
    this.closed = true;
    this.drop(new ConnectionDroppedError('close'));
  }
}
