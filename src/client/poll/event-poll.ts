import { Observable, Subscription, type SchedulerLike } from 'rxjs';
import type { ConsulEvent } from '../../consul/event';
import type { ConnectionConfig } from '../transport/connection-config';
import { createConsulHttpClient } from '../transport/create-http-client';
import type { ConsulHttpClient } from '../transport/http-client';
import type { RetryOptions } from '../options/consul-events-options';
import { retryTransient } from './retry-transient';
import type { ConsulEventsStatus } from '../watch-status';
import type { EventSlice } from './event-slice';
import { sendEventListRequest } from './list-request';
import { PollState, type PollStep } from './poll-state';

/** What one long-poll needs: where, how long each request blocks, how it retries. */
export interface PollConfig {
  readonly connection: ConnectionConfig;
  /** Event name the agent filters on, or `undefined` for every event the token can read. */
  readonly name: string | undefined;
  /** Blocking wait as Consul reads it (`60s`, `500ms`). */
  readonly wait: string;
  readonly waitMs: number;
  /** Deadline of one request: the wait, Consul's wait/16 allowance, and a margin. */
  readonly httpTimeoutMs: number;
  readonly retry: Readonly<Required<RetryOptions>>;
  readonly scheduler: SchedulerLike;
}

/**
 * One blocking long-poll on `GET /v1/event/list` and the subscribers it serves.
 *
 * The first subscriber to join starts it, the last to leave stops it at once (the request
 * in flight is aborted, the sockets closed, a pending retry cancelled), and then it is done:
 * a later subscriber starts a new one. One request at a time; each is retried on its own
 * (so a retry keeps the index and the seen IDs); the next is sent as soon as the previous
 * answer is handled, or after a throttling delay.
 *
 * Each answer's new events go, in the agent's order, to the subscribers that watch their
 * names and were already watching; a subscriber joining starts from the list of the last
 * answer (or, before any, of the first). Statuses about the poll (retries, recoveries,
 * throttling, ACL filtering) go to every subscriber, a `gap` to those that were watching.
 * A final error ends every subscription of the poll.
 *
 * @example
 * ```ts
 * const poll = new EventPoll(pollConfig, () => registry.delete(key));
 * const leave = poll.join(new EventSlice(subscriber, sliceConfig)); // starts the long-poll
 * leave();                                                          // the last one stops it
 * ```
 */
export class EventPoll {
  private readonly state: PollState;
  private readonly slices = new Set<EventSlice>();
  /** Slices by the names they watch, and those that watch every event. */
  private readonly byName = new Map<string, Set<EventSlice>>();
  private readonly everyName = new Set<EventSlice>();
  /** Slices waiting for the first answer. */
  private readonly pending = new Set<EventSlice>();
  private client: ConsulHttpClient | undefined;
  private loop: Subscription | undefined;
  private answers = 0;
  /** Whether the last request failed and no answer has come since. */
  private failing = false;
  private stopped = false;

  constructor(
    private readonly config: PollConfig,
    /** Called once, when the last subscriber has left or the poll failed for good. */
    private readonly whenDone: () => void = () => {},
    /** Opens the connection to the agent (tests pass a scripted one). */
    private readonly connect: (connection: ConnectionConfig) => ConsulHttpClient = createConsulHttpClient,
  ) {
    this.state = new PollState({
      filteredByName: config.name !== undefined,
      waitMs: config.waitMs,
      retry: config.retry,
      seenWindow: 0,
    });
  }

  /** Adds a subscriber (starting the long-poll if it is the first); returns how it leaves. */
  join(slice: EventSlice): () => void {
    if (this.stopped) throw new Error('EventPoll: a poll that stopped cannot be joined (a new one must start)');
    this.slices.add(slice);
    const names = slice.config.names;
    if (names === undefined) this.everyName.add(slice);
    else for (const name of names) this.sliceSet(name).add(slice);
    this.state.ensureWindow(slice.config.seenWindow);

    if (this.state.answered) {
      slice.start(this.state.listedOnce, this.state.index!, this.answers, this.state.aclFiltered);
    } else {
      this.pending.add(slice);
      if (this.failing) slice.markOutage();
    }
    if (this.loop === undefined && !slice.closed) this.startLoop();
    return () => this.leave(slice);
  }

  private sliceSet(name: string): Set<EventSlice> {
    let set = this.byName.get(name);
    if (set === undefined) this.byName.set(name, (set = new Set()));
    return set;
  }

  private leave(slice: EventSlice): void {
    if (!this.slices.delete(slice)) return;
    this.pending.delete(slice);
    const names = slice.config.names;
    if (names === undefined) this.everyName.delete(slice);
    else {
      for (const name of names) {
        const set = this.byName.get(name)!;
        set.delete(slice);
        if (set.size === 0) this.byName.delete(name);
      }
    }
    if (this.slices.size === 0) this.stop();
  }

  private stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.loop?.unsubscribe();
    this.client?.close();
    this.whenDone();
  }

  private startLoop(): void {
    const { config, state } = this;
    const { scheduler } = config;
    const client = (this.client = this.connect(config.connection));
    const read = state.read.bind(state);
    const onRetry = (status: ConsulEventsStatus): void => {
      this.failing = true;
      for (const slice of this.pending) slice.markOutage();
      this.broadcast(status);
    };
    // Failed attempts of the poll under way, plus the one in flight.
    let attempts = 0;
    // Whether the next poll follows a time of not watching: the first one, or a throttling delay.
    let afterDelay = true;
    // One subscription runs poll after poll, each sent as soon as the previous answer is
    // handed over (or after a throttling delay), until a request fails: `retryTransient`
    // then subscribes again after its backoff, and the next poll retries the one that
    // failed (the index and the seen IDs live in `state`). Nothing is built per poll but
    // the request itself.
    const polls = new Observable<PollStep>((subscriber) => {
      let cancel: (() => void) | undefined;
      let throttling: Subscription | undefined;
      const send = (): void => {
        const sentIndex = state.index;
        const startedAt = scheduler.now();
        attempts++;
        let answered = false;
        const cancelThis = sendEventListRequest(client, { name: config.name, index: sentIndex, wait: config.wait, timeoutMs: config.httpTimeoutMs }, read, (error, answer) => {
          answered = true;
          cancel = undefined;
          if (error !== undefined) return subscriber.error(error);
          const failed = attempts - 1;
          const interrupted = afterDelay || failed > 0;
          attempts = 0;
          this.failing = false;
          if (failed > 0) this.broadcast({ type: 'recovered', failedAttempts: failed });
          let step: PollStep;
          try {
            step = state.step(answer!, { sentIndex, elapsedMs: scheduler.now() - startedAt, interrupted });
          } catch (failure) {
            // A bug, not a fault: it ends the poll (it is not a ConsulError, so it is not retried).
            return subscriber.error(failure);
          }
          afterDelay = step.nextDelayMs > 0;
          subscriber.next(step);
          // The last subscriber may have left while the answer was handed over (stop() may
          // run before this subscription is added to the loop, when the answer came at once).
          if (subscriber.closed || this.stopped) return;
          if (afterDelay) throttling = scheduler.schedule(send, step.nextDelayMs);
          else send();
        });
        // An answer handed over at once has already sent the next request: keep its cancel.
        if (!answered) cancel = cancelThis;
      };
      send();
      return () => {
        cancel?.();
        throttling?.unsubscribe();
      };
    });

    // Set before the first request goes out: a join from inside an answer (even one handed
    // over synchronously) must find the loop running, and stop() must reach it.
    const loop = (this.loop = new Subscription());
    loop.add(polls
      .pipe(retryTransient(config.retry, scheduler, onRetry))
      .subscribe({ next: (step) => this.deliver(step), error: (error: unknown) => this.fail(error) }));
  }

  /**
   * Hands one answer to the subscribers. They may leave or join while it runs (from their
   * own callbacks): one that joins starts from this answer's list and is skipped here.
   */
  private deliver(step: PollStep): void {
    const answer = ++this.answers;
    if (step.gap !== undefined) for (const slice of this.slices) if (slice.watchedBefore(answer)) slice.report(step.gap);
    if (step.aclChange !== undefined) for (const slice of this.slices) if (slice.watchedBefore(answer)) slice.report(step.aclChange);
    if (step.throttled !== undefined) this.broadcast(step.throttled);

    const { fresh } = step;
    for (let i = 0; i < fresh.length; i++) this.offer(fresh[i]!, answer);

    if (this.pending.size > 0) {
      const starting = [...this.pending];
      this.pending.clear();
      for (const slice of starting) {
        if (!slice.closed) slice.start(this.state.listedOnce, this.state.index!, answer, this.state.aclFiltered);
      }
    }
  }

  private offer(event: ConsulEvent, answer: number): void {
    const named = this.byName.get(event.Name);
    if (named !== undefined) for (const slice of named) if (slice.watchedBefore(answer)) slice.offer(event);
    if (this.everyName.size > 0) for (const slice of this.everyName) if (slice.watchedBefore(answer)) slice.offer(event);
  }

  private broadcast(status: ConsulEventsStatus): void {
    for (const slice of this.slices) slice.report(status);
  }

  /** The poll failed for good: every subscription ends with that error. */
  private fail(error: unknown): void {
    const slices = [...this.slices];
    this.slices.clear();
    this.pending.clear();
    this.byName.clear();
    this.everyName.clear();
    this.stop();
    for (const slice of slices) slice.fail(error);
  }
}
