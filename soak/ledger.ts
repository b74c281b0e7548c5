import type { ConsulEvent } from '../src';

/** Why an event left the agent's buffer. */
export type Departure = 'evicted' | 'restart';

interface EventRecord {
  readonly name: string;
  /** Deliveries per watcher (index = watcher number). */
  readonly deliveries: Uint8Array;
  departed?: { reason: Departure; at: number };
}

/** The totals a soak run reports. Pairs are (watcher, event) for watchers of the event's name. */
export interface LedgerTotals {
  /** Watched events the agent stored. */
  fired: number;
  /** Pairs that should be delivered if nothing is ever lost. */
  expected: number;
  /** Pairs delivered at least once. */
  delivered: number;
  /** Deliveries beyond the first of a pair (must be 0). */
  duplicated: number;
  /** Pairs not delivered whose event the ring overwrote first. */
  lostToEviction: number;
  /** Pairs not delivered whose event an agent restart dropped first. */
  lostToRestart: number;
  /** Pairs not delivered although the event was still buffered at the end (must be 0). */
  missedWhileBuffered: number;
  /** Deliveries out of the agent's order (LTime going down for one watcher; must be 0). */
  outOfOrder: number;
  /** Deliveries after an event's books closed, or of an unwatched name (must be 0). */
  unknown: number;
  /** Watchers that lost at least one pair. */
  watchersWithLoss: Set<number>;
}

/**
 * The soak's bookkeeping, against the agent's own record: which watched events were
 * stored, which watcher got each one how often, and how each event left the buffer. Memory
 * stays flat: an event's books close a grace period after it left the buffer.
 */
export class Ledger {
  private readonly events = new Map<string, EventRecord>();
  /** IDs whose books closed lately (two generations, so this stays bounded too). */
  private closed = [new Set<string>(), new Set<string>()];
  private readonly lastLTime: number[];
  readonly totals: LedgerTotals = {
    fired: 0, expected: 0, delivered: 0, duplicated: 0, lostToEviction: 0, lostToRestart: 0,
    missedWhileBuffered: 0, outOfOrder: 0, unknown: 0, watchersWithLoss: new Set(),
  };

  /** @param interested the watchers of each name (watcher numbers) */
  constructor(private readonly interested: ReadonlyMap<string, readonly number[]>, watchers: number) {
    this.lastLTime = new Array<number>(watchers).fill(-1);
  }

  /** An event the agent stored (any name; only watched names are tracked). */
  stored(event: Pick<ConsulEvent, 'ID' | 'Name'>): void {
    if (!this.interested.has(event.Name) || this.events.has(event.ID) || this.isClosed(event.ID)) return;
    this.events.set(event.ID, { name: event.Name, deliveries: new Uint8Array(this.lastLTime.length) });
    this.totals.fired += 1;
  }

  /** Watcher `watcher` handled `event`. */
  delivered(watcher: number, event: ConsulEvent): void {
    if (!this.interested.get(event.Name)?.includes(watcher)) {
      this.totals.unknown += 1; // a name this watcher does not watch
      return;
    }
    if (event.LTime <= this.lastLTime[watcher]!) this.totals.outOfOrder += 1;
    this.lastLTime[watcher] = Math.max(this.lastLTime[watcher]!, event.LTime);
    if (!this.events.has(event.ID)) this.stored(event); // listed, so stored: seen before the ledger's next look
    const record = this.events.get(event.ID);
    if (!record) {
      this.totals.unknown += 1;
      return;
    }
    if (record.deliveries[watcher]! > 0) this.totals.duplicated += 1;
    record.deliveries[watcher] = Math.min(255, record.deliveries[watcher]! + 1);
  }

  /** Marks every tracked event not in `buffered` as gone, for `reason` when it was not marked already. */
  departed(buffered: ReadonlySet<string>, reason: Departure, now: number): void {
    for (const record of this.events.entries()) {
      if (!record[1].departed && !buffered.has(record[0])) record[1].departed = { reason, at: now };
    }
  }

  /** Whether every watcher of every tracked event still in `buffered` has it. */
  caughtUp(buffered: ReadonlySet<string>): boolean {
    for (const [id, record] of this.events) {
      if (buffered.has(id) && this.interested.get(record.name)!.some((w) => record.deliveries[w] === 0)) return false;
    }
    return true;
  }

  /** Closes the books of events that left the buffer more than `graceMs` ago (all of them with `everything`). */
  close(now: number, graceMs: number, everything = false): void {
    for (const [id, record] of this.events) {
      if (!everything && (!record.departed || now - record.departed.at < graceMs)) continue;
      for (const watcher of this.interested.get(record.name)!) {
        this.totals.expected += 1;
        if (record.deliveries[watcher]! > 0) {
          this.totals.delivered += 1;
          continue;
        }
        this.totals.watchersWithLoss.add(watcher);
        if (!record.departed) this.totals.missedWhileBuffered += 1;
        else if (record.departed.reason === 'restart') this.totals.lostToRestart += 1;
        else this.totals.lostToEviction += 1;
      }
      this.events.delete(id);
      this.closed[0]!.add(id);
    }
    if (this.closed[0]!.size > 100_000) this.closed = [new Set(), this.closed[0]!];
  }

  private isClosed(id: string): boolean {
    return this.closed.some((ids) => ids.has(id));
  }

  /** Events whose books are still open. */
  get open(): number {
    return this.events.size;
  }
}
