/**
 * `rx-consul-events/testing`: an emulated Consul agent for tests, one model served through
 * two doors: a real HTTP(S) server (`startConsulEmulator`, here, no msw needed) and MSW
 * handlers (`consulEventHandlers`, in `rx-consul-events/testing/msw`).
 *
 * @example
 * ```ts
 * import { ConsulEventStore, startConsulEmulator } from 'rx-consul-events/testing';
 * ```
 */
export { ConsulEventStore } from './event-store';
export type { CanReadEvent, ConsulEventStoreOptions, EventListAnswer } from './event-store-options';
export { ConnectionDroppedError, EventRejectedError } from './store-errors';
export type { ConsulFault, EventRoute, FaultOptions } from './fault-injection';
export { startConsulEmulator, type ConsulEmulator, type ConsulEmulatorOptions } from './emulator-server';
export type { ConnectionCounts } from './connection-limit';
export { answerEventRequest } from './answer-event-request';
export type { EmulatedAnswer, EmulatedRequest } from './emulated-http';
export type { EventAclConfig, EventAclRules, EventNamePrefixes } from '../consul/event-acl';
export type { ConsulAclConfig, EventAclShorthand, AgentAcl, EventAuthorizer } from '../consul/event-acl';
export type { AgentIdentity, LocalService } from '../consul/agent-filter';
export type { EventFilters, EventPayload } from '../consul/user-event';
