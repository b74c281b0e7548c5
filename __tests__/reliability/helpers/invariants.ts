import { ConsulError } from '../../../src';
import type { RunRecord } from './run-schedule';
import { watchedNames } from './schedule';

/**
 * The delivery promise, checked against the agent's own record of what it stored:
 * - the stream never ended (every injected fault is transient);
 * - nothing was handled twice, across polls, retries, restarts and resubscriptions;
 * - only stored events of the watched names were handled, exactly as the agent listed them;
 * - they were handled in the agent's order: each at the place of one of its storings (a
 *   gossip duplicate stores an event again, and once the first copy is evicted the agent
 *   lists it at the second place), those places rising;
 * - every watched event still buffered at a settle point had been handled (`violation`);
 * - every retry was for a transient `ConsulError`.
 *
 * @returns the broken promises, as sentences; empty when the run kept every one
 */
export function brokenPromises(record: RunRecord): string[] {
  const broken: string[] = [];
  const names = watchedNames(record.config.watch);
  if (record.streamErrors.length > 0) broken.push(`the stream ended: ${String((record.streamErrors[0] as Error).message ?? record.streamErrors[0])}`);
  if (record.violation !== undefined) broken.push(record.violation);

  const seen = new Set<string>();
  let lastPlace = 0;
  for (const event of record.handled) {
    if (seen.has(event.ID)) broken.push(`handled ${event.ID} twice`);
    seen.add(event.ID);
    const stored = record.stored.get(event.ID);
    if (!stored) {
      broken.push(`handled ${event.ID}, which the agent never stored`);
      continue;
    }
    if (JSON.stringify(event) !== JSON.stringify(stored)) broken.push(`handled ${event.ID} altered: ${JSON.stringify(event)}`);
    if (names !== undefined && !names.includes(event.Name)) broken.push(`handled ${event.ID} of unwatched name ${JSON.stringify(event.Name)}`);
    const place = (record.storings.get(event.ID) ?? []).find((storing) => storing > lastPlace);
    if (place === undefined) broken.push(`handled ${event.ID} after an event the agent stored later`);
    lastPlace = place ?? lastPlace;
  }
  for (const status of record.statuses) {
    if (status.type === 'retry' && !(status.error instanceof ConsulError && status.error.transient)) {
      broken.push(`retried a non-transient error: ${status.error.message}`);
    }
  }
  return broken;
}
