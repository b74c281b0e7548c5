export { consulEvents$ } from './client/consul-events';
export { fireEvent, type FireEventOptions } from './client/fire-event';
export { EventCheckpoint, type ConsulEventsCheckpoint } from './client/event-checkpoint';
export type { ConsulEventsOptions, RetryOptions, Pem } from './client/options';
export type { ConsulEventsStatus } from './client/watch-status';
export type { ConsulEvent } from './consul/event';
export {
  ConsulError,
  ConsulHttpError,
  ConsulNetworkError,
  ConsulTimeoutError,
  ConsulResponseError,
} from './client/errors';
