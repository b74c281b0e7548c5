import fc from 'fast-check';
import type { ConsulFault } from '../../../src/testing';

/** Event names the schedules fire: reserved characters and non-ASCII included, so encoding is exercised too. */
export const EVENT_NAMES = ['deploy', 'web/restart ?#%', 'ünï côdé'] as const;
/** The name of "noise" bursts that fill the ring and evict the watched events. */
export const NOISE_NAME = 'noise';

/** What the subscription under test watches: one name (agent-filtered), two names (one unfiltered poll), or every event. */
export type WatchMode = 'one' | 'several' | 'all';

/** The watched names for a mode; `undefined` means every event. */
export function watchedNames(mode: WatchMode): readonly string[] | undefined {
  if (mode === 'one') return [EVENT_NAMES[0]];
  if (mode === 'several') return [EVENT_NAMES[0], EVENT_NAMES[1]];
  return undefined;
}

/** The fixed parts of one randomized run. */
export interface ScheduleConfig {
  readonly watch: WatchMode;
  /** The emulated agent's ring size: small, so that eviction happens. */
  readonly bufferSize: number;
  /** Milliseconds the consumer spends on each event (`concatMap`), 0 for a fast one. */
  readonly consumerDelayMs: number;
}

/**
 * One thing that happens to the agent or the consumer while the stream runs.
 *
 * - `fire`: an event of `EVENT_NAMES[name]` with these payload bytes (none when empty).
 * - `burst`: `count` events of the unwatched noise name, fired at once (evicts old ones).
 * - `fault`: the next `times` list requests suffer `fault`.
 * - `restart`: the agent restarts (empty buffer, connections dropped).
 * - `duplicate`: gossip stores a buffered event again (`deliverAgain`), picked by `pick`.
 * - `resubscribe`: the consumer unsubscribes, then resumes from its `EventCheckpoint`.
 * - `settle`: wait until the stream is blocked at the agent with nothing in flight, and check.
 */
export type Step =
  | { readonly kind: 'fire'; readonly name: number; readonly payload: Uint8Array }
  | { readonly kind: 'burst'; readonly count: number }
  | { readonly kind: 'fault'; readonly fault: ConsulFault; readonly times: number }
  | { readonly kind: 'restart' }
  | { readonly kind: 'duplicate'; readonly pick: number }
  | { readonly kind: 'resubscribe' }
  | { readonly kind: 'settle' };

/** Bodies a broken agent or proxy may send with a 200: none is a usable list of events. */
export const GARBAGE_BODIES = [
  '<html>502 Bad Gateway</html>', 'null', '{}', '[1]', '[{"Name":"deploy"}]', '',
  '[{"ID":"x","Name":7,"Payload":null}]', '{"__proto__":{"polluted":true}}', '[{"ID":"x","Name":"deploy","Payload":{}}]',
] as const;

/** X-Consul-Index values a broken agent or proxy may send; `'7'` is well-formed but wrong. */
export const GARBAGE_INDEXES = ['abc', '', '-1', '18446744073709551616', '12, 12', '123456789012345678901', '0x1f', '7'] as const;

/** Transient faults (a 4xx would end the stream, as it should: that is tested elsewhere). */
export const faultArbitrary: fc.Arbitrary<ConsulFault> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(500, 503).map((status): ConsulFault => ({ kind: 'status', status, body: 'rpc error: No cluster leader' })) },
  { weight: 1, arbitrary: fc.constant<ConsulFault>({ kind: 'status', status: 429, body: 'Your IP is issuing too many concurrent connections', headers: { 'Retry-After': '0' } }) },
  { weight: 3, arbitrary: fc.constant<ConsulFault>({ kind: 'reset' }) },
  { weight: 1, arbitrary: fc.constant<ConsulFault>({ kind: 'hang' }) },
  { weight: 2, arbitrary: fc.constant<ConsulFault>({ kind: 'truncated-body' }) },
  { weight: 2, arbitrary: fc.constantFrom(...GARBAGE_BODIES).map((body): ConsulFault => ({ kind: 'body', body })) },
  { weight: 2, arbitrary: fc.constant<ConsulFault>({ kind: 'missing-index' }) },
  { weight: 2, arbitrary: fc.constantFrom(...GARBAGE_INDEXES).map((value): ConsulFault => ({ kind: 'index', value })) },
);

const stepArbitrary = (bufferSize: number): fc.Arbitrary<Step> => fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('fire' as const), name: fc.nat({ max: EVENT_NAMES.length - 1 }), payload: fc.uint8Array({ maxLength: 48 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('burst' as const), count: fc.integer({ min: 1, max: bufferSize * 2 }) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('fault' as const), fault: faultArbitrary, times: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'restart' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), pick: fc.nat({ max: 64 }) }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'resubscribe' as const }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'settle' as const }) },
);

/** A hang costs the client's whole HTTP timeout (about a second): one per schedule at most keeps runs short. */
function atMostOneHang(steps: Step[]): Step[] {
  let seen = false;
  return steps.map((step) => {
    if (step.kind !== 'fault' || step.fault.kind !== 'hang') return step;
    if (!seen) {
      seen = true;
      return { ...step, times: 1 };
    }
    return { ...step, fault: { kind: 'reset' } };
  });
}

/** A run's configuration and its steps (at most `maxSteps`). */
export const scheduleArbitrary = (maxSteps: number): fc.Arbitrary<{ config: ScheduleConfig; steps: Step[] }> =>
  fc.record({
    watch: fc.constantFrom<WatchMode>('one', 'several', 'all'),
    bufferSize: fc.integer({ min: 3, max: 12 }),
    consumerDelayMs: fc.constantFrom(0, 0, 2),
  }).chain((config) => fc.record({
    config: fc.constant(config),
    steps: fc.array(stepArbitrary(config.bufferSize), { minLength: 1, maxLength: maxSteps, size: 'max' }).map(atMostOneHang),
  }));

/** A step as a short readable line, for counter-examples and regression tests. */
export function describeStep(step: Step): string {
  switch (step.kind) {
    case 'fire': return `fire ${JSON.stringify(EVENT_NAMES[step.name])} (${step.payload.length} bytes)`;
    case 'burst': return `burst of ${step.count} noise events`;
    case 'fault': return `fault ${JSON.stringify(step.fault)} ×${step.times}`;
    case 'duplicate': return `gossip duplicate #${step.pick}`;
    default: return step.kind;
  }
}
