/**
 * RxJS Observables over HashiCorp Consul's user-event API.
 *
 * @module rx-consul-events
 */
export { consulEvents$ } from './client/consul-events';
export {
  decodePayload,
  type DecodedEvent,
  type DecodedEventWithError,
  type DecodePayloadOptions,
  type PayloadTypes,
} from './client/decode-payload';
export { base64ToBytes } from './client/base64';
export { fireEvent, type FireEventOptions } from './client/fire-event';
export { createEventWatcher, type EventWatcher, type EventCallback } from './client/event-watcher';
export type { EventWatcherOptions } from './client/options/watcher-options';
export { EventCheckpoint, type ConsulEventsCheckpoint } from './client/event-checkpoint';
export type { ConsulEventsOptions, RetryOptions, Pem } from './client/options/consul-events-options';
export type { ConsulEventsStatus } from './client/watch-status';
export type { ConsulEvent } from './consul/event';
export {
  ConsulError,
  ConsulHttpError,
  ConsulNetworkError,
  ConsulTimeoutError,
  ConsulResponseError,
} from './client/errors';
export { ConsulPayloadError, type PayloadFormat } from './client/payload-error';
