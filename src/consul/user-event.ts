import type { ConsulEvent } from './event';

/**
 * The regexes a fired event carries (`?node=`, `?service=`, `?tag=` on the fire endpoint).
 * Each agent stores the event only if it matches them; `''` or absent matches any.
 *
 * @example
 * ```ts
 * const onlyWebCanaries: EventFilters = { service: '^web$', tag: 'canary' };
 * ```
 */
export interface EventFilters {
  /** Regex on the agent's node name. */
  node?: string;
  /** Regex on the names of the agent's local services. */
  service?: string;
  /** Regex on the tags of a service that matched `service` (needs `service`). */
  tag?: string;
}

/**
 * What a caller may pass as a payload: text (sent as UTF-8), raw bytes, or nothing.
 *
 * @example
 * ```ts
 * const payloads: EventPayload[] = ['v1.2.3', Uint8Array.from([1, 2]), null];
 * ```
 */
export type EventPayload = string | Uint8Array | null | undefined;

/**
 * The payload as raw bytes, or `null` when there is none. An empty payload is no payload:
 * the agent reads a body only when it has a length above zero.
 *
 * @example
 * ```ts
 * payloadBytes('v1.2.3'); // Uint8Array [118, 49, 46, 50, 46, 51]
 * payloadBytes('');       // null
 * ```
 */
export function payloadBytes(payload: EventPayload): Uint8Array | null {
  if (payload === null || payload === undefined) return null;
  const bytes = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
  return bytes.length > 0 ? bytes : null;
}

/**
 * A new event as the fire endpoint answers it: a fresh random `ID`, the payload in
 * standard base64 (or `null`), the filters as given, `Version` 1 and `LTime` 0 (the
 * Lamport time is only known once the event is gossiped).
 *
 * @example
 * ```ts
 * createUserEvent('deploy', payloadBytes('v1'), {});
 * // { ID: '…uuid…', Name: 'deploy', Payload: 'djE=', NodeFilter: '', ServiceFilter: '',
 * //   TagFilter: '', Version: 1, LTime: 0 }
 * ```
 */
export function createUserEvent(name: string, payload: Uint8Array | null, filters: EventFilters): ConsulEvent {
  return {
    ID: globalThis.crypto.randomUUID(),
    Name: name,
    Payload: encodePayload(payload),
    NodeFilter: filters.node ?? '',
    ServiceFilter: filters.service ?? '',
    TagFilter: filters.tag ?? '',
    Version: 1,
    LTime: 0,
  };
}

/**
 * A payload as the agent's JSON carries it: standard base64 with padding, or `null` for none.
 *
 * @example
 * ```ts
 * encodePayload(payloadBytes('v1')); // 'djE='
 * encodePayload(null);               // null
 * ```
 */
export function encodePayload(bytes: Uint8Array | null): string | null {
  if (bytes === null) return null;
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
