import type { LocalService } from '../consul/agent-filter';
import type { ConsulEvent } from '../consul/event';
import type { EventAclConfig } from '../consul/event-acl';

/**
 * How the emulated agent is set up.
 *
 * @example
 * ```ts
 * const options: ConsulEventStoreOptions = { nodeName: 'web-1', services: [{ name: 'web', tags: ['canary'] }] };
 * ```
 */
export interface ConsulEventStoreOptions {
  /** Events kept before the oldest is overwritten. @default 256 */
  bufferSize?: number;
  /** The agent's node name, matched by `?node=` filters. @default 'consul-emulator' */
  nodeName?: string;
  /** The agent's local services, matched by `?service=` and `?tag=` filters. @default [] */
  services?: readonly LocalService[];
  /** Turns ACLs on; without it every request may do everything. @default undefined */
  acl?: EventAclConfig;
}

/**
 * One answer to a list request: the events oldest first and the `X-Consul-Index` they give.
 *
 * @example
 * ```ts
 * const { events, index } = store.list('deploy'); // index is '1' while there are none
 * ```
 */
export interface EventListAnswer {
  events: ConsulEvent[];
  /** Decimal string; compare by equality only. */
  index: string;
  /** Whether the `canRead` rule dropped events that had the asked-for name. */
  hiddenByAcl: boolean;
}

/**
 * Which event names a caller may read; everything when omitted.
 *
 * @example
 * ```ts
 * const deployOnly: CanReadEvent = (eventName) => eventName.startsWith('deploy');
 * store.list(undefined, deployOnly);
 * ```
 */
export type CanReadEvent = (eventName: string) => boolean;
