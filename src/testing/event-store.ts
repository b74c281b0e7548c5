import { agentStoresEvent, type AgentIdentity } from '../consul/agent-filter';
import { indexOfEventList, parseConsulIndex } from '../consul/consul-index';
import type { ConsulEvent } from '../consul/event';
import { compileEventAcl, type AgentAcl, type EventAclConfig } from '../consul/event-acl';
import { EventRing } from '../consul/event-ring';
import { selectEvents } from '../consul/event-selection';
import { acceptFiredEvent } from '../consul/fired-event';
import { LamportClock } from '../consul/lamport-clock';
import { payloadBytes, type EventFilters, type EventPayload } from '../consul/user-event';
import type { CanReadEvent, ConsulEventStoreOptions, EventListAnswer } from './event-store-options';
import { FaultQueue, type ConsulFault, type EventRoute, type FaultOptions } from './fault-injection';
import { HeldRequests } from './held-requests';
import { ConnectionDroppedError, EventRejectedError } from './store-errors';

/**
 * An emulated Consul agent's user events: ring buffer, Lamport clock, blocked queries and
 * injected faults. The MSW handlers and the HTTP server both serve it, so they agree.
 * Unlike a real agent, `fire()` stores synchronously (no gossip round-trip).
 *
 * @example
 * ```ts
 * import { ConsulEventStore } from 'rx-consul-events/testing';
 *
 * const store = new ConsulEventStore();
 * const fired = store.fire('deploy', 'v1.2.3');
 * console.log(fired.Payload, store.list('deploy').events.length); // djEuMi4z 1
 * store.close();
 * ```
 */
export class ConsulEventStore {
  /** Node name and services, matched by the fire filters. */
  readonly agent: AgentIdentity;
  /** ACLs the HTTP doors enforce, as configured, if any. */
  readonly acl: EventAclConfig | undefined;
  /** The same ACLs compiled: default policy, default token, and what each token may do. */
  readonly agentAcl: AgentAcl;
  private readonly ring: EventRing;
  private readonly clock = new LamportClock();
  private readonly held = new HeldRequests();
  private readonly faults = new FaultQueue();

  constructor(options: ConsulEventStoreOptions = {}) {
    this.ring = new EventRing(options.bufferSize);
    this.agent = { nodeName: options.nodeName ?? 'consul-emulator', services: options.services ?? [] };
    this.agentAcl = compileEventAcl(options.acl);
    this.acl = options.acl;
  }

  /**
   * Fires an event as `PUT /v1/event/fire/:name` would and returns its answer (`LTime` 0);
   * stores it with the next Lamport time if its filters select this agent. Throws
   * {@link EventRejectedError} with the agent's text for invalid parameters or a payload
   * too large for gossip.
   */
  fire(name: string, payload?: EventPayload, filters: EventFilters = {}): ConsulEvent {
    const fired = acceptFiredEvent(name, payloadBytes(payload), filters, this.clock.time());
    if ('rejection' in fired) throw new EventRejectedError(fired.rejection);
    this.clock.increment();
    if (agentStoresEvent(this.agent, fired.gossiped)) this.store(Object.freeze(fired.gossiped));
    return fired.answer;
  }

  /**
   * A gossip duplicate (rare, but reported): the agent stores the buffered event with this
   * ID once more, same ID and Lamport time, and wakes the blocked queries. Throws when the
   * ID is not in the buffer.
   */
  deliverAgain(id: string): void {
    const original = this.ring.toArray().find((event) => event.ID === id);
    if (!original) throw new RangeError(`deliverAgain: no event with ID ${JSON.stringify(id)} in the buffer`);
    this.store(original);
  }

  /** Events named `name` (all for none or `''`) that `canRead` allows, oldest first. */
  list(name?: string, canRead?: CanReadEvent): EventListAnswer {
    const { events, hiddenByAcl } = selectEvents(this.ring.toArray(), name, canRead);
    return { events, index: indexOfEventList(events), hiddenByAcl };
  }

  /**
   * A blocking list query: answers at once unless `index` is this list's current index;
   * then when a stored event changes it, after `waitMs` (`Infinity` = never), or on
   * `expireWaits()`. Aborting `signal` removes it and its timer (rejecting with the
   * reason); `restart()` / `close()` reject with {@link ConnectionDroppedError}.
   */
  waitForList(
    name: string | undefined,
    index: string | undefined,
    waitMs: number,
    signal?: AbortSignal,
    canRead?: CanReadEvent,
  ): Promise<EventListAnswer> {
    const wanted = index === undefined ? '0' : parseConsulIndex(index);
    if (wanted === undefined) return Promise.reject(new RangeError(`index must be a decimal uint64, got ${JSON.stringify(index)}`));
    const current = this.list(name, canRead);
    if (wanted === '0' || wanted !== current.index) return Promise.resolve(current);
    return this.held.block({
      signal,
      waitMs,
      answer: () => this.list(name, canRead),
      changed: () => this.list(name, canRead).index !== wanted,
    });
  }

  /** Answers every blocked query now, as if its wait had elapsed. */
  expireWaits(): void {
    this.held.expire();
  }

  /** How many list queries are blocked right now. */
  get pendingWaits(): number {
    return this.held.blockedCount;
  }

  /** Agent restart: empty buffer (index `'1'`), blocked and hung requests dropped; the clock goes on. */
  restart(): void {
    this.ring.clear();
    this.held.drop(new ConnectionDroppedError('restart'));
  }

  /** Queues a fault for the next matching request(s) of both HTTP doors; see {@link ConsulFault}. */
  injectFault(fault: ConsulFault, options?: FaultOptions): void {
    this.faults.add(fault, options);
  }

  /** For the HTTP doors: takes the fault the next request to `route` must suffer, if any. */
  takeFault(route: EventRoute): ConsulFault | undefined {
    return this.faults.take(route);
  }

  /** For the HTTP doors: never answers; rejects on abort, `restart()` or `close()`. */
  hang(signal?: AbortSignal): Promise<never> {
    return this.held.hang(signal);
  }

  /**
   * Ends the agent: drops blocked and hung requests, clears their timers and the faults.
   * Later blocking requests are dropped at once, so nothing here keeps Node alive.
   */
  close(): void {
    this.faults.clear();
    this.held.close();
  }

  private store(event: ConsulEvent): void {
    this.ring.push(event);
    this.held.recheck();
  }
}
