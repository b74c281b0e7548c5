/**
 * `rx-consul-events/testing/msw`: the emulated agent as MSW request handlers (no sockets).
 * A subpath of its own, so that `rx-consul-events/testing` (the real server,
 * `startConsulEmulator`) never needs msw installed. Give it a store from
 * `rx-consul-events/testing`.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * import { ConsulEventStore } from 'rx-consul-events/testing';
 * import { consulEventHandlers } from 'rx-consul-events/testing/msw';
 *
 * const store = new ConsulEventStore();
 * const server = setupServer(...consulEventHandlers(store));
 * ```
 */
export { consulEventHandlers, type ConsulEventHandlersOptions } from './msw-handlers';
