import type { ConsulFault, EventRoute } from '../src/testing';

/** A small seeded PRNG (mulberry32): the same `--seed` gives the same sequence of choices. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One fault to inject: what, where, how many requests it hits, and a label for the report. */
export interface FaultPick {
  readonly label: string;
  readonly fault: ConsulFault;
  readonly route: EventRoute;
  readonly times: number;
}

/** Faults with their weights. Fire-route faults are only those that keep the event from being stored. */
const FAULTS: ReadonlyArray<[weight: number, label: string, route: EventRoute, fault: ConsulFault]> = [
  [4, '500 No cluster leader', 'list', { kind: 'status', status: 500, body: 'rpc error: No cluster leader' }],
  [2, '503', 'list', { kind: 'status', status: 503 }],
  [2, '429 Retry-After 0.1', 'list', { kind: 'status', status: 429, body: 'Your IP is issuing too many concurrent connections', headers: { 'Retry-After': '0.1' } }],
  [4, 'connection reset', 'list', { kind: 'reset' }],
  [1, 'hang (client timeout)', 'list', { kind: 'hang' }],
  [2, 'truncated body', 'list', { kind: 'truncated-body' }],
  [2, 'HTML body', 'list', { kind: 'body', body: '<html>502 Bad Gateway</html>' }],
  [1, 'body not an array', 'list', { kind: 'body', body: '{"error":"oops"}' }],
  [2, 'missing X-Consul-Index', 'list', { kind: 'missing-index' }],
  [1, 'garbage X-Consul-Index', 'list', { kind: 'index', value: 'not-a-number' }],
  [1, 'duplicated X-Consul-Index', 'list', { kind: 'index', value: '12, 12' }],
  [1, 'fire: 500', 'fire', { kind: 'status', status: 500, body: 'rpc error' }],
  [1, 'fire: reset', 'fire', { kind: 'reset' }],
];
const TOTAL_WEIGHT = FAULTS.reduce((sum, [weight]) => sum + weight, 0);

/** Draws a fault by weight, hitting 1–5 requests. */
export function pickFault(random: () => number): FaultPick {
  let roll = random() * TOTAL_WEIGHT;
  for (const [weight, label, route, fault] of FAULTS) {
    roll -= weight;
    if (roll < 0) return { label, fault, route, times: 1 + Math.floor(random() * 5) };
  }
  const [, label, route, fault] = FAULTS[0]!;
  return { label, fault, route, times: 1 };
}

/** Every fault label, in table order (for the report). */
export const FAULT_LABELS = FAULTS.map(([, label]) => label);
