/**
 * A bounded memory of event IDs, for exactly-once delivery on an endless stream.
 *
 * It keeps the `capacity` IDs seen most recently (an ID seen again moves to the newest
 * end), so memory stays flat while every event still in the agent's buffer, which Consul
 * re-sends on every poll, stays remembered.
 */
export class SeenWindow {
  private readonly ids = new Set<string>();

  constructor(
    private readonly capacity: number,
    initial: Iterable<string> = [],
  ) {
    for (const id of initial) this.remember(id);
  }

  /** How many IDs are remembered now (at most the capacity). */
  get size(): number {
    return this.ids.size;
  }

  /**
   * Records that `id` was seen. Returns `true` when it is new, `false` when it was
   * already remembered.
   */
  remember(id: string): boolean {
    const known = this.ids.delete(id);
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      this.ids.delete(this.ids.values().next().value as string);
    }
    return !known;
  }
}
