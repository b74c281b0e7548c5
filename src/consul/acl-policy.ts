import { parseHclItems, type HclItem, type HclValue } from './hcl-items';

/**
 * What an ACL rule grants on events: `write` includes `read`; `deny` refuses both.
 *
 * @example
 * ```ts
 * const policy: EventPolicy = 'read';
 * ```
 */
export type EventPolicy = 'read' | 'write' | 'deny';

/**
 * One event rule of a policy: `event "deploy" {…}` (exact name) or
 * `event_prefix "dep" {…}` (every name that starts with it; `""` covers all).
 *
 * @example
 * ```ts
 * const rule: EventRule = { name: 'deploy', prefix: false, policy: 'read' };
 * ```
 */
export interface EventRule {
  name: string;
  prefix: boolean;
  policy: EventPolicy;
}

const EVENT_RESOURCES: Readonly<Record<string, boolean>> = { event: false, event_prefix: true };
const POLICIES: readonly string[] = ['read', 'write', 'deny'];

/**
 * The event rules of a Consul ACL policy, written as Consul takes them (HCL or its JSON
 * form). Rules for other resources (`key_prefix`, `service`, `operator`, …) are parsed and
 * ignored. Throws an `Error` for text Consul would refuse: bad syntax, or an event policy
 * other than `read`, `write` or `deny`.
 *
 * @example
 * ```ts
 * parseEventRules('event "deploy" { policy = "read" }\nevent_prefix "" { policy = "deny" }');
 * // [{ name: 'deploy', prefix: false, policy: 'read' }, { name: '', prefix: true, policy: 'deny' }]
 * ```
 */
export function parseEventRules(rules: string): EventRule[] {
  return parseHclItems(rules).flatMap((item) => {
    const prefix = EVENT_RESOURCES[item.keys[0] ?? ''];
    if (prefix === undefined) return [];
    const resource = item.keys[0]!;
    return namedBodies(item).map(([name, body]) => ({ name, prefix, policy: policyOf(resource, name, body) }));
  });
}

/** The `"name" { … }` entries of a resource item, however HCL nested them. */
function namedBodies(item: HclItem): Array<[string, HclValue]> {
  const [resource, name, ...rest] = item.keys;
  if (name !== undefined) {
    if (rest.length > 0) throw new Error(`${resource} "${name}" has an extra label ${JSON.stringify(rest[0])}`);
    return [[name, item.value]];
  }
  if (!isObject(item.value)) throw new Error(`${resource} must be followed by a name in quotes and a block`);
  return item.value.items.flatMap((inner) => namedBodies({ keys: [resource!, ...inner.keys], value: inner.value }));
}

function policyOf(resource: string, name: string, body: HclValue): EventPolicy {
  const policy = isObject(body) ? body.items.find((entry) => entry.keys.length === 1 && entry.keys[0] === 'policy')?.value : undefined;
  if (typeof policy !== 'string' || !POLICIES.includes(policy)) {
    throw new Error(`Invalid event policy: ${resource} ${JSON.stringify(name)} has policy ${JSON.stringify(policy ?? null)}; it must be "read", "write" or "deny"`);
  }
  return policy as EventPolicy;
}

function isObject(value: HclValue): value is { items: HclItem[] } {
  return typeof value === 'object' && !Array.isArray(value);
}
