import { fireRejection } from '../../consul/fire-validation';
import { gossipSizeRejection } from '../../consul/gossip-size';
import { createUserEvent, payloadBytes, type EventFilters } from '../../consul/user-event';
import type { ConnectionConfig } from '../transport/connection-config';
import { CONNECTION_KEYS, normalizeConnection } from './connection-options';
import type { ConsulEventsOptions } from './consul-events-options';
import { optionChecks } from './option-checks';

/**
 * Options of {@link fireEvent}: the connection options of `consulEvents$` (same
 * `CONSUL_*` defaults) plus the event's targeting filters.
 *
 * @example
 * ```ts
 * import { fireEvent } from 'rx-consul-events';
 *
 * await fireEvent('deploy', 'v1.2.3', { service: '^web$', tag: 'canary', dc: 'dc2' });
 * ```
 */
export interface FireEventOptions extends Pick<ConsulEventsOptions, (typeof CONNECTION_KEYS)[number]> {
  /** Regex on node names: only matching agents keep the event. @default any */
  node?: string;
  /** Regex on local service names: only agents running a matching service keep it. @default any */
  service?: string;
  /** Regex on the tags of a matching service; needs `service`. @default any */
  tag?: string;
  /** Datacenter to fire in. @default the agent's */
  dc?: string;
  /** Send `payload` as JSON text (`JSON.stringify`) instead of text or bytes. @default false */
  json?: boolean;
  /** Seconds the whole exchange may take: connecting, TLS, and the agent's complete answer. @default 10 */
  timeout?: number;
  /** Aborts the request; the promise then rejects with the signal's reason. @default none */
  signal?: AbortSignal;
}

const FIRE_OPTION_KEYS = [...CONNECTION_KEYS, 'node', 'service', 'tag', 'dc', 'json', 'timeout', 'signal'] as const;
const CALLER = 'fireEvent';
/** A Lamport time as large as a long-lived cluster reaches: the size check assumes the worst. */
const WORST_CASE_LTIME = 0xffffffff;

/** The most payload bytes that fit one gossip message with this name and these filters. */
export function maxPayloadBytes(name: string, filters: EventFilters): number {
  const event = createUserEvent(name, null, filters);
  let low = 0;
  let high = 512;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (gossipSizeRejection(event, new Uint8Array(mid), WORST_CASE_LTIME) === undefined) low = mid;
    else high = mid - 1;
  }
  return low;
}

function encodePayload(payload: unknown, json: boolean): Uint8Array | null {
  const check = optionChecks(CALLER);
  if (json) {
    const text = JSON.stringify(payload);
    if (text === undefined) throw new TypeError(check.fail('payload', 'a JSON value (json: true)', payload));
    return payloadBytes(text);
  }
  if (payload === undefined || payload === null || typeof payload === 'string' || payload instanceof Uint8Array) {
    return payloadBytes(payload);
  }
  throw new TypeError(check.fail('payload', 'a string, a Uint8Array or null (pass json: true to send a value as JSON)', payload));
}

function firePath(name: string, filters: EventFilters, dc: string | undefined): string {
  const query = new URLSearchParams();
  if (dc) query.set('dc', dc);
  for (const field of ['node', 'service', 'tag'] as const) {
    const pattern = filters[field];
    if (pattern) query.set(field, pattern);
  }
  const search = query.toString();
  return `/v1/event/fire/${encodeURIComponent(name)}${search ? `?${search}` : ''}`;
}

/** A fire, validated: where to send what. */
export interface FireConfig {
  readonly connection: ConnectionConfig;
  /** `/v1/event/fire/:name?…` (the token is never part of it). */
  readonly path: string;
  /** The payload's bytes, or `null` for none. */
  readonly body: Uint8Array | null;
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
}

/**
 * Turns the arguments of `fireEvent` into a {@link FireConfig}, checking before anything is
 * sent what the agent would refuse: the name (non-empty; not `.` or `..`, which URLs drop as
 * path steps and Go's router redirects), a `tag` without `service`, and a payload too large
 * for the 512-byte gossip message. Filter patterns are Go RE2, which JavaScript's `RegExp`
 * misjudges both ways (it refuses `(?i)`, accepts look-arounds): they are left to the
 * agent, which answers 500 with Go's text.
 */
export function normalizeFireOptions(name: unknown, payload: unknown, options: unknown): FireConfig {
  const check = optionChecks(CALLER);
  const eventName = check.eventName('name', name);
  if (eventName === '.' || eventName === '..') {
    throw new TypeError(check.fail('name', `an event name an agent's HTTP router can reach ("." and ".." are path steps that URLs drop)`, eventName));
  }
  const opts = check.object<FireEventOptions>('options', options);
  check.knownKeys('options', opts, FIRE_OPTION_KEYS);
  const filters: EventFilters = {};
  for (const field of ['node', 'service', 'tag'] as const) {
    if (opts[field] !== undefined) filters[field] = check.string(`options.${field}`, opts[field]);
  }
  const dc = opts.dc === undefined ? undefined : check.string('options.dc', opts.dc);
  const rejection = fireRejection(eventName, filters, () => undefined);
  if (rejection) throw new TypeError(`${CALLER}: ${rejection}`);
  const json = opts.json === undefined ? false : check.boolean('options.json', opts.json);
  const timeoutMs = 1000 * (opts.timeout === undefined ? 10 : check.number('options.timeout', opts.timeout, 0, 600, { minExclusive: true }));
  const body = encodePayload(payload, json);
  const limit = maxPayloadBytes(eventName, filters);
  if (body !== null && body.length > limit) {
    throw new RangeError(`${CALLER}: payload is ${body.length} bytes; with the name ${JSON.stringify(eventName)} and these filters ` +
      `at most ${limit} bytes fit Consul's 512-byte gossip message (keep payloads under 100 bytes)`);
  }
  return {
    connection: normalizeConnection(CALLER, opts),
    path: firePath(eventName, filters, dc),
    body,
    timeoutMs,
    signal: opts.signal,
  };
}
