import type { Contender } from './contender';

type Deliver = (id: string, name: string) => void;

/**
 * The sharing a user of a per-watch client writes by hand: one watch of every event for
 * the process, a map from name to its subscribers, the watch started by the first
 * subscriber and stopped by the last. Subscribing returns the unsubscribe function.
 */
export class Demultiplexer {
  private readonly byName = new Map<string, Set<Deliver>>();
  private subscribers = 0;
  private stop: (() => void) | undefined;

  constructor(private readonly contender: Contender) {}

  subscribe(name: string, deliver: Deliver): () => void {
    let set = this.byName.get(name);
    if (set === undefined) this.byName.set(name, (set = new Set()));
    set.add(deliver);
    this.subscribers++;
    this.stop ??= this.contender.watch(null, (id, eventName) => {
      const subscribers = this.byName.get(eventName);
      if (subscribers !== undefined) for (const each of subscribers) each(id, eventName);
    });
    return () => {
      if (!set.delete(deliver)) return;
      if (set.size === 0) this.byName.delete(name);
      if (--this.subscribers === 0) {
        this.stop?.();
        this.stop = undefined;
      }
    };
  }
}
