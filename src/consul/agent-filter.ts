import type { ConsulEvent } from './event';
import { compileGoRegexp, type GoRegexp } from './go-regexp';

/**
 * A service registered on the emulated agent, as the store-time filters see it.
 *
 * @example
 * ```ts
 * const web: LocalService = { name: 'web', tags: ['canary', 'v2'] };
 * ```
 */
export interface LocalService {
  name: string;
  tags?: readonly string[];
}

/**
 * What an agent knows about itself when it decides whether to keep a gossiped event.
 *
 * @example
 * ```ts
 * const agent: AgentIdentity = { nodeName: 'node-1', services: [{ name: 'web', tags: ['canary'] }] };
 * ```
 */
export interface AgentIdentity {
  nodeName: string;
  services: readonly LocalService[];
}

/**
 * Events with this name drive `consul exec`: the agent runs them and never puts them in
 * the buffer, so `GET /v1/event/list` never shows them.
 *
 * @example
 * ```ts
 * store.fire(REMOTE_EXEC_EVENT_NAME, 'uptime');
 * store.list().events; // []
 * ```
 */
export const REMOTE_EXEC_EVENT_NAME = '_rexec';

/**
 * Whether this agent puts a gossiped event into its buffer (`shouldProcessUserEvent` and
 * `ingestUserEvent` in agent/user_event.go): the node filter must match the node name;
 * the service filter must match one local service name and, with a tag filter, one tag of
 * that same service. Filters are Go RE2 regexes, matched unanchored (`MatchString`); a
 * filter that does not compile drops the event. `_rexec` events are never stored.
 *
 * @example
 * ```ts
 * const agent = { nodeName: 'node-1', services: [{ name: 'web', tags: ['canary'] }] };
 * agentStoresEvent(agent, { ...event, NodeFilter: '(?i)^NODE-' });                 // true
 * agentStoresEvent(agent, { ...event, ServiceFilter: 'web', TagFilter: 'stable' }); // false
 * ```
 */
export function agentStoresEvent(agent: AgentIdentity, event: ConsulEvent): boolean {
  if (event.Name === REMOTE_EXEC_EVENT_NAME) return false;
  const node = compile(event.NodeFilter);
  const service = compile(event.ServiceFilter);
  const tag = compile(event.TagFilter);
  if (node === null || service === null || tag === null) return false;
  if (node && !node.test(agent.nodeName)) return false;
  if (!service) return true;
  return agent.services.some(
    (local) => service.test(local.name) && (!tag || (local.tags ?? []).some((name) => tag.test(name))),
  );
}

/** The filter as a regex; `undefined` for an empty filter, `null` for one that does not compile. */
function compile(pattern: string): GoRegexp | undefined | null {
  if (pattern === '') return undefined;
  const compiled = compileGoRegexp(pattern);
  return 'regexp' in compiled ? compiled.regexp : null;
}
