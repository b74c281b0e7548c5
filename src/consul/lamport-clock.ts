/**
 * The gossip layer's event clock (serf's `eventClock`): a Lamport counter that starts at
 * 1 and advances once per event that is actually sent. A fire that is refused (too large)
 * does not advance it; an event this agent does not store (filtered out) still does,
 * because the cluster saw it.
 *
 * @example
 * ```ts
 * const clock = new LamportClock();
 * clock.time();      // 1
 * clock.increment(); // 2
 * ```
 */
export class LamportClock {
  private current = 1;

  /** The time the next event will carry. */
  time(): number {
    return this.current;
  }

  /** Advances the clock after an event was sent; returns the new time. */
  increment(): number {
    this.current += 1;
    return this.current;
  }
}
