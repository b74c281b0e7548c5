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
    private capacity: number,
    initial: Iterable<string> = [],
  ) {
    for (const id of initial) this.remember(id);
  }

  /**
   * Makes room for at least `size` IDs. The stream calls it with the length of each answer,
   * so that no ID the agent still lists is ever forgotten: the window is never smaller than
   * the agent's buffer, whatever capacity it was given.
   */
  ensureCapacity(size: number): void {
    if (size > this.capacity) this.capacity = size;
  }

  /** The remembered IDs, least recently seen first. */
  values(): IterableIterator<string> {
    return this.ids.values();
  }

  /** How many IDs are remembered now (at most the capacity). */
  get size(): number {
    return this.ids.size;
  }

  /** Whether `id` is remembered (without making it the most recent). */
  has(id: string): boolean {
    return this.ids.has(id);
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
