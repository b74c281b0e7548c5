import type { ConsulEvent } from './event';

/**
 * How many events a Consul agent keeps (`eventBuf` in agent/agent.go).
 *
 * @example
 * ```ts
 * new EventRing().capacity === DEFAULT_EVENT_BUFFER_SIZE; // true (256)
 * ```
 */
export const DEFAULT_EVENT_BUFFER_SIZE = 256;

/**
 * The agent's in-memory event buffer: a fixed-size ring shared by events of every name.
 * When full, each new event silently overwrites the oldest; nothing records the loss.
 *
 * @example
 * ```ts
 * const ring = new EventRing(2);
 * ring.push(a); ring.push(b); ring.push(c);
 * ring.toArray(); // [b, c]: a was overwritten
 * ```
 */
export class EventRing {
  private slots: ConsulEvent[] = [];
  private next = 0;

  /** @param capacity events kept before the oldest is overwritten (a positive integer). */
  constructor(readonly capacity: number = DEFAULT_EVENT_BUFFER_SIZE) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`bufferSize must be a positive integer, got ${String(capacity)}`);
    }
  }

  /** Stores an event, overwriting the oldest when the ring is full. */
  push(event: ConsulEvent): void {
    this.slots[this.next] = event;
    this.next = (this.next + 1) % this.capacity;
  }

  /** The stored events, oldest first (the order `GET /v1/event/list` returns). */
  toArray(): ConsulEvent[] {
    if (this.slots.length < this.capacity) return [...this.slots];
    return [...this.slots.slice(this.next), ...this.slots.slice(0, this.next)];
  }

  /** Forgets every event, as an agent restart does. */
  clear(): void {
    this.slots = [];
    this.next = 0;
  }
}
