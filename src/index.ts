export { consulEvents$ } from './client/consul-events';
export type { ConsulEventsOptions, RetryOptions, Pem } from './client/options';
export type { ConsulEvent } from './consul/event';
export {
  ConsulError,
  ConsulHttpError,
  ConsulNetworkError,
  ConsulTimeoutError,
  ConsulResponseError,
} from './client/errors';
