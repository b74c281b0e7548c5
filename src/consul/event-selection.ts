import type { ConsulEvent } from './event';

/**
 * The events a list request returns, in buffer order, and whether ACLs hid any of them.
 *
 * @example
 * ```ts
 * const selection: EventSelection = { events: [], hiddenByAcl: true };
 * ```
 */
export interface EventSelection {
  events: ConsulEvent[];
  /** `true` when the token's read rules dropped at least one event that had the right name. */
  hiddenByAcl: boolean;
}

/**
 * Filters the buffer as `GET /v1/event/list` does: first by exact, case-sensitive name
 * (`undefined` or `''` keeps every name), then by what the token may read. ACLs come
 * second so that `hiddenByAcl` only reports events the caller asked for.
 *
 * @example
 * ```ts
 * selectEvents(buffer, 'deploy');                                  // only "deploy" events
 * selectEvents(buffer, undefined, (name) => name.startsWith('ci-')); // readable events of any name
 * ```
 */
export function selectEvents(
  buffer: readonly ConsulEvent[],
  name: string | undefined,
  canRead: (eventName: string) => boolean = () => true,
): EventSelection {
  const named = name ? buffer.filter((event) => event.Name === name) : [...buffer];
  const events = named.filter((event) => canRead(event.Name));
  return { events, hiddenByAcl: events.length < named.length };
}
