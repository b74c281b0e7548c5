/**
 * One Consul user event, exactly as the agent's `GET /v1/event/list` returns it.
 *
 * `Payload` is standard base64 of the raw bytes that were fired, or `null` when the event
 * was fired without a body (Consul never sends `""`). `LTime` is a Lamport time: usually
 * rising, never a reliable order key; `ID` is the only identity.
 *
 * @example
 * ```ts
 * import type { ConsulEvent } from 'rx-consul-events';
 *
 * const event: ConsulEvent = {
 *   ID: 'afe6d0d3-c8f7-bea6-0311-2b3672cdb3fd', Name: 'deploy', Payload: 'djEuMi4z',
 *   NodeFilter: '', ServiceFilter: '', TagFilter: '', Version: 1, LTime: 9,
 * };
 * ```
 */
export interface ConsulEvent {
  /** A UUID chosen by the agent that fired the event. */
  ID: string;
  /** The event name (exact, case-sensitive). */
  Name: string;
  /** Base64 of the payload bytes, or `null` when there was none. */
  Payload: string | null;
  /** Node-name regex the event was fired with (`''` = any). */
  NodeFilter: string;
  /** Service-name regex the event was fired with (`''` = any). */
  ServiceFilter: string;
  /** Tag regex the event was fired with (`''` = any). */
  TagFilter: string;
  /** Event format version; always 1. */
  Version: number;
  /** Lamport time of the event. */
  LTime: number;
}
