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
    ID: randomEventId(),
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
 * A new event ID as the agent makes it (hashicorp/go-uuid `GenerateUUID`): 128 random bits
 * printed in the UUID layout, without the version and variant bits `crypto.randomUUID()`
 * sets, so a client must not expect a version-4 UUID.
 *
 * @example
 * ```ts
 * randomEventId(); // 'afe6d0d3-c8f7-bea6-0311-2b3672cdb3fd'
 * ```
 */
export function randomEventId(): string {
  const hex = Array.from(globalThis.crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
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
