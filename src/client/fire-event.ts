import type { ConsulEvent } from '../consul/event';
import { fireRejection } from '../consul/fire-validation';
import { gossipSizeRejection } from '../consul/gossip-size';
import { createUserEvent, payloadBytes, type EventFilters } from '../consul/user-event';
import { ConsulHttpError, ConsulResponseError } from './errors';
import { createConsulHttpClient, sendRequest } from './http-client';
import { CONNECTION_KEYS, normalizeConnection } from './normalize-options';
import { optionChecks } from './option-checks';
import type { ConsulEventsOptions } from './options';

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

/**
 * Fires a Consul user event: `PUT /v1/event/fire/:name` with the payload as raw bytes.
 *
 * The name (non-empty, and neither `.` nor `..`, which no URL path can carry), the filters
 * and the payload size are checked before anything is sent: the
 * agent gossips an event in one message of at most 512 bytes, shared with the name, the ID
 * and the filters (Consul advises payloads under 100 bytes). A non-2xx answer rejects with
 * a {@link ConsulHttpError}; nothing is retried, since firing twice would deliver twice.
 *
 * @example
 * ```ts
 * import { fireEvent } from 'rx-consul-events';
 *
 * const event = await fireEvent('deploy', 'v1.2.3');
 * console.log(event.ID, event.Payload); // 3f1c…-… djEuMi4z
 * await fireEvent('config', { flags: ['dark'] }, { json: true, service: '^web$' });
 * ```
 *
 * @param name event name (non-empty; not `.` or `..`)
 * @param payload text (sent as UTF-8), bytes, `null`/omitted for none, or any JSON value with `json: true`
 * @param options connection, filters and format; see {@link FireEventOptions}
 * @returns the event as the agent accepted it (a new `ID`, `Payload` in base64, `LTime` 0)
 */
export async function fireEvent(name: string, payload?: unknown, options: FireEventOptions = {}): Promise<ConsulEvent> {
  const check = optionChecks(CALLER);
  check.string('name', name);
  if (!name.isWellFormed()) throw new TypeError(check.fail('name', 'well-formed Unicode (it has a lone surrogate)', name));
  // `/v1/event/fire/.` and `/v1/event/fire/..` name no event: URL parsers (browsers, proxies)
  // resolve them as directory steps and Go's ServeMux redirects them to the cleaned path.
  if (name === '.' || name === '..') {
    throw new TypeError(check.fail('name', `an event name an agent's HTTP router can reach ("." and ".." are path steps that URLs drop)`, name));
  }
  if (options === null || typeof options !== 'object') throw new TypeError(check.fail('options', 'an object', options));
  check.knownKeys('options', options, FIRE_OPTION_KEYS);
  const filters: EventFilters = {};
  for (const field of ['node', 'service', 'tag'] as const) {
    if (options[field] !== undefined) filters[field] = check.string(`options.${field}`, options[field]);
  }
  const dc = options.dc === undefined ? undefined : check.string('options.dc', options.dc);
  // Patterns are Go RE2, which JavaScript's RegExp cannot judge (it refuses `(?i)`, accepts
  // look-arounds): the agent checks them and answers 500 with Go's text.
  const rejection = fireRejection(name, filters, () => undefined);
  if (rejection) throw new TypeError(`${CALLER}: ${rejection}`);
  const json = options.json === undefined ? false : check.boolean('options.json', options.json);
  const timeoutMs = 1000 * (options.timeout === undefined ? 10 : check.number('options.timeout', options.timeout, 0, 600, { minExclusive: true }));
  const body = encodePayload(payload, json);
  const limit = maxPayloadBytes(name, filters);
  if (body !== null && body.length > limit) {
    throw new RangeError(`${CALLER}: payload is ${body.length} bytes; with the name ${JSON.stringify(name)} and these filters ` +
      `at most ${limit} bytes fit Consul's 512-byte gossip message (keep payloads under 100 bytes)`);
  }

  const client = createConsulHttpClient(normalizeConnection(CALLER, options));
  const path = firePath(name, filters, dc);
  try {
    const answer = await sendRequest(client, 'PUT', path, {
      ...(options.signal && { signal: options.signal }),
      timeoutMs,
      ...(body !== null && { body }),
    });
    if (answer.status < 200 || answer.status > 299) throw new ConsulHttpError(answer.status, answer.body, `PUT ${path}`);
    let event: unknown;
    try {
      event = JSON.parse(answer.body);
    } catch {
      event = undefined;
    }
    if (event === null || typeof event !== 'object' || typeof (event as ConsulEvent).ID !== 'string') {
      throw new ConsulResponseError('the body is not the fired event as JSON', `PUT ${path}`);
    }
    return event as ConsulEvent;
  } finally {
    client.close();
  }
}
