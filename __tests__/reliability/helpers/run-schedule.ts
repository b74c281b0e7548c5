import { concatMap, map, of, tap, timer, type Subscription } from 'rxjs';
import { consulEvents$, EventCheckpoint, type ConsulEvent, type ConsulEventsStatus } from '../../../src';
import { startInstrumentedAgent, type InstrumentedAgent } from './instrumented-agent';
import { EVENT_NAMES, NOISE_NAME, watchedNames, type ScheduleConfig, type Step } from './schedule';
import { eventually } from '../../helpers/eventually';

/** Everything a run observed: the agent's own record of what it stored, and what the consumer handled. */
export interface RunRecord {
  readonly config: ScheduleConfig;
  /**
   * When the agent stored each event, as positions in one sequence of storings (restarts do
   * not reset it): one per fire, one more per gossip duplicate of it.
   */
  readonly storings: Map<string, number[]>;
  /** Every event the agent stored, by ID, as it lists them. */
  readonly stored: Map<string, ConsulEvent>;
  /** Events the consumer finished handling, in order, across resubscriptions. */
  readonly handled: ConsulEvent[];
  readonly statuses: ConsulEventsStatus[];
  /** Errors the stream ended with (there should be none: every fault is transient). */
  readonly streamErrors: unknown[];
  /** The first invariant broken at a settle point, if any. */
  violation?: string;
}

/** The wait of each long-poll: short, so a hung request times out in about a second. */
const WAIT_SECONDS = 0.05;
/** Well beyond one HTTP timeout (wait + wait/16 + 1 s) plus a few retries, for a loaded machine. */
const SETTLE_LIMIT_MS = 8_000;

const isWatched = (names: readonly string[] | undefined, name: string) => names === undefined || names.includes(name);

/**
 * Watched events in the agent's buffer right now that the consumer has not handled: once
 * the stream has processed a list equal to the buffer and the consumer is idle, this must
 * be empty.
 */
export function unhandledInBuffer(agent: InstrumentedAgent, record: RunRecord): ConsulEvent[] {
  const names = watchedNames(record.config.watch);
  const handled = new Set(record.handled.map((event) => event.ID));
  return agent.store.list().events.filter((event) => isWatched(names, event.Name) && !handled.has(event.ID));
}

/**
 * Runs one schedule against a fresh loopback agent: a `consulEvents$` consumer that
 * records each handled event in an `EventCheckpoint` (after an optional delay: a slow
 * consumer), while the steps fire events, inject faults, restart the agent and resubscribe.
 * At each `settle` step and at the end it waits until the current subscription has
 * processed a usable list equal to the agent's buffer and the consumer is idle, then checks
 * that every watched event still buffered was handled. Always cleans up (no socket or timer
 * survives). Each subscription sends its own token, only to tell its requests apart.
 */
export async function runSchedule(config: ScheduleConfig, steps: readonly Step[]): Promise<RunRecord> {
  const names = watchedNames(config.watch);
  const agent = await startInstrumentedAgent({ bufferSize: config.bufferSize });
  const record: RunRecord = { config, storings: new Map(), stored: new Map(), handled: [], statuses: [], streamErrors: [] };
  const checkpoint = new EventCheckpoint();
  let inFlight = 0;
  let subscription: Subscription | undefined;
  let generation = 0;

  let storings = 0;
  /** Records the event the agent stored last (an event of any name is stored here: no filters, no ACLs). */
  const noteStored = () => {
    const newest = agent.store.list().events.at(-1)!;
    if (!record.stored.has(newest.ID)) record.stored.set(newest.ID, newest);
    record.storings.set(newest.ID, [...(record.storings.get(newest.ID) ?? []), ++storings]);
  };
  const subscribe = () => {
    inFlight = 0;
    generation += 1;
    subscription = consulEvents$(names === undefined ? undefined : [...names], {
      port: agent.port,
      token: `subscription-${generation}`,
      timeout: WAIT_SECONDS,
      retry: { initialDelay: 1, maxDelay: 4 },
      onStatus: (status) => record.statuses.push(status),
      ...checkpoint.resumeOptions(),
    }).pipe(
      tap(() => inFlight++),
      concatMap((event) => (config.consumerDelayMs > 0 ? timer(config.consumerDelayMs).pipe(map(() => event)) : of(event))),
    ).subscribe({
      next: (event) => {
        record.handled.push(event);
        checkpoint.record(event);
        inFlight--;
      },
      error: (error: unknown) => record.streamErrors.push(error),
    });
  };
  const settle = async () => {
    await eventually(
      () => record.streamErrors.length > 0 ||
        (inFlight === 0 && agent.caughtUp(`subscription-${generation}`)),
      { limitMs: SETTLE_LIMIT_MS },
    );
    const missing = unhandledInBuffer(agent, record);
    if (missing.length > 0 && record.violation === undefined) {
      record.violation = `blocked at the agent, yet never handled buffered events ${missing.map((e) => e.ID).join(', ')}`;
    }
  };
  const apply = async (step: Step) => {
    switch (step.kind) {
      case 'fire':
        agent.store.fire(EVENT_NAMES[step.name]!, step.payload);
        noteStored();
        break;
      case 'burst':
        for (let i = 0; i < step.count; i++) {
          agent.store.fire(NOISE_NAME, `n${i}`);
          noteStored();
        }
        break;
      case 'fault':
        agent.store.injectFault(step.fault, { route: 'list', times: step.times });
        break;
      case 'restart':
        agent.restart();
        break;
      case 'duplicate': {
        const buffered = agent.store.list().events;
        if (buffered.length === 0) break;
        agent.store.deliverAgain(buffered[step.pick % buffered.length]!.ID);
        noteStored();
        break;
      }
      case 'resubscribe':
        subscription?.unsubscribe();
        subscribe();
        break;
      case 'settle':
        await settle();
        break;
    }
  };

  try {
    subscribe();
    for (const step of steps) {
      await apply(step);
      if (record.violation !== undefined || record.streamErrors.length > 0) break;
      await new Promise((resolve) => setImmediate(resolve)); // let requests interleave with the next step
    }
    if (record.violation === undefined && record.streamErrors.length === 0) await settle();
  } finally {
    subscription?.unsubscribe();
    await agent.close();
  }
  return record;
}
