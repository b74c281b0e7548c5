import { parseEventRules, type EventPolicy, type EventRule } from './acl-policy';

/**
 * Event-name prefixes a shorthand rule covers: `'deploy'` covers `deploy`, `deploy-web`,
 * …; `''` or `'*'` covers every name.
 *
 * @example
 * ```ts
 * const deployEvents: EventNamePrefixes = ['deploy'];
 * const everything: EventNamePrefixes = '*';
 * ```
 */
export type EventNamePrefixes = readonly string[] | '*';

/**
 * Shorthand rules of one token: prefix allow-lists. `write` implies `read`.
 *
 * @example
 * ```ts
 * const ciToken: EventAclRules = { read: '*', write: ['deploy'] };
 * ```
 */
export interface EventAclRules {
  /** Names whose events `GET /v1/event/list` shows. @default none */
  read?: EventNamePrefixes;
  /** Names the token may fire. @default none */
  write?: EventNamePrefixes;
}

/**
 * The emulator's original ACL shorthand, kept working: each token maps to prefix
 * allow-lists, everything else is denied (`default_policy = "deny"`), and `anonymous`
 * gives the rules of requests without a token.
 *
 * @example
 * ```ts
 * const acl: EventAclShorthand = { tokens: { 'reader-token': { read: ['deploy'] }, 'admin-token': { write: '*' } } };
 * ```
 */
export interface EventAclShorthand {
  tokens: Readonly<Record<string, EventAclRules>>;
  /** Rules for requests that send no token. @default {} (nothing allowed) */
  anonymous?: EventAclRules;
}

/**
 * ACLs in Consul's own terms (Consul 1.4+): policies written in Consul's rule language,
 * of which `event "NAME"` (exact) and `event_prefix "PREFIX"` rules with `read`, `write` or
 * `deny` apply to events (other rules are ignored); tokens that link policies by name;
 * the agent's default policy and default token. The token `anonymous` is Consul's
 * anonymous token: it answers requests that send no token when there is no default token.
 * Keys the emulator does not know are ignored.
 *
 * @example
 * ```ts
 * const acl: ConsulAclConfig = {
 *   default_policy: 'deny',
 *   policies: { 'deploy-read': 'event "deploy" { policy = "read" }\nevent_prefix "" { policy = "deny" }' },
 *   tokens: { 'reader-secret': ['deploy-read'] },
 *   default_token: 'reader-secret',
 * };
 * ```
 */
export interface ConsulAclConfig {
  /** What a rule-less name gets (`acl.default_policy`), sent as `X-Consul-Default-ACL-Policy`. @default 'allow' */
  default_policy?: 'allow' | 'deny';
  /** Policy name → rules, in HCL or JSON as Consul takes them. @default {} */
  policies?: Readonly<Record<string, string>>;
  /** Token secret → names of the policies linked to it. */
  tokens: Readonly<Record<string, readonly string[]>>;
  /** The token a request without one is answered as (`acl.tokens.default`). @default none */
  default_token?: string;
}

/**
 * ACLs of the emulated agent: in Consul's own terms, or in the original shorthand.
 *
 * @example
 * ```ts
 * const acl: EventAclConfig = { tokens: { secret: ['ops'] }, policies: { ops: 'event_prefix "" { policy = "write" }' } };
 * ```
 */
export type EventAclConfig = ConsulAclConfig | EventAclShorthand;

/**
 * What a resolved token may do with a given event name.
 *
 * @example
 * ```ts
 * compileEventAcl(acl).authorize('reader-token')?.canRead('deploy'); // true
 * ```
 */
export interface EventAuthorizer {
  canRead(eventName: string): boolean;
  canWrite(eventName: string): boolean;
}

/**
 * The agent's ACL system, compiled once: its default policy, its default token, and what
 * each token may do.
 *
 * @example
 * ```ts
 * const acl = compileEventAcl({ tokens: { secret: ['ops'] }, policies: { ops: 'event "deploy" { policy = "write" }' } });
 * acl.authorize(acl.tokenFor(''))?.canRead('deploy'); // true: default policy allow
 * ```
 */
export interface AgentAcl {
  /** `allow` or `deny`, as the agent sends it in `X-Consul-Default-ACL-Policy` (`allow` without ACLs). */
  readonly defaultPolicy: 'allow' | 'deny';
  /** The token a request is answered as: its own, else the agent's default token, else `''`. */
  tokenFor(requestToken: string): string;
  /** What `token` may do, or `undefined` for a token the agent does not know (`ACL not found`). */
  authorize(token: string): EventAuthorizer | undefined;
}

const ALLOW_ALL: EventAuthorizer = { canRead: () => true, canWrite: () => true };
/** Consul's anonymous token: its secret is literally this. */
const ANONYMOUS_TOKEN = 'anonymous';

/**
 * Checks an ACL configuration (from code or an `--acl-file`) and compiles it, so a typo
 * fails when the emulator starts rather than on its first request. Without `acl`, every
 * token, known or not, may do everything. Token values are never echoed in errors: tokens
 * are named by their position.
 *
 * @example
 * ```ts
 * compileEventAcl(undefined).authorize('anything')?.canWrite('deploy'); // true
 * compileEventAcl({ tokens: { secret: { read: ['deploy'] } } }).authorize('nope'); // undefined
 * compileEventAcl({ token: {} } as never);
 * // TypeError: acl.tokens must be an object mapping each token to its rules, got undefined
 * ```
 */
export function compileEventAcl(acl: EventAclConfig | undefined): AgentAcl {
  if (acl === undefined) return { defaultPolicy: 'allow', tokenFor: (token) => token, authorize: () => ALLOW_ALL };
  checkEventAclConfig(acl);
  return isConsulForm(acl) ? compileConsulAcl(acl) : compileShorthand(acl);
}

/**
 * Checks the shape of an ACL configuration, in either form; throws a `TypeError` naming the
 * field otherwise.
 *
 * @example
 * ```ts
 * checkEventAclConfig({ tokens: { secret: { read: ['deploy'] } } }); // fine
 * checkEventAclConfig({ default_policy: 'maybe', tokens: {} });
 * // TypeError: acl.default_policy must be "allow" or "deny", got "maybe"
 * ```
 */
export function checkEventAclConfig(acl: unknown): asserts acl is EventAclConfig {
  if (acl === null || typeof acl !== 'object') throw new TypeError(`acl must be an object { tokens, … }, got ${JSON.stringify(acl)}`);
  const { tokens } = acl as { tokens?: unknown };
  if (tokens === null || typeof tokens !== 'object' || Array.isArray(tokens)) {
    throw new TypeError(`acl.tokens must be an object mapping each token to its rules, got ${JSON.stringify(tokens)}`);
  }
  if (isConsulForm(acl as EventAclConfig)) checkConsulAcl(acl as Record<string, unknown>, tokens as Record<string, unknown>);
  else checkShorthand(acl as Record<string, unknown>, tokens as Record<string, unknown>);
}

function isConsulForm(acl: EventAclConfig): acl is ConsulAclConfig {
  return 'policies' in acl || 'default_policy' in acl || 'default_token' in acl || Object.values(acl.tokens).some(Array.isArray);
}

function checkConsulAcl(acl: Record<string, unknown>, tokens: Record<string, unknown>): void {
  const { default_policy: defaultPolicy, policies = {}, default_token: defaultToken } = acl;
  if (defaultPolicy !== undefined && defaultPolicy !== 'allow' && defaultPolicy !== 'deny') {
    throw new TypeError(`acl.default_policy must be "allow" or "deny", got ${JSON.stringify(defaultPolicy)}`);
  }
  if (policies === null || typeof policies !== 'object' || Array.isArray(policies)) {
    throw new TypeError(`acl.policies must be an object mapping each policy name to its rules, got ${JSON.stringify(policies)}`);
  }
  for (const [name, rules] of Object.entries(policies)) {
    if (typeof rules !== 'string') throw new TypeError(`acl.policies[${JSON.stringify(name)}] must be the policy's rules as text, got ${JSON.stringify(rules)}`);
    try {
      parseEventRules(rules);
    } catch (error) {
      throw new TypeError(`acl.policies[${JSON.stringify(name)}]: ${(error as Error).message}`);
    }
  }
  Object.values(tokens).forEach((linked, i) => {
    const where = `acl.tokens[token #${i + 1}]`;
    if (!Array.isArray(linked) || !linked.every((name) => typeof name === 'string')) {
      throw new TypeError(`${where} must be a list of policy names, got ${JSON.stringify(linked)}`);
    }
    const unknown = linked.find((name: string) => !Object.hasOwn(policies, name));
    if (unknown !== undefined) throw new TypeError(`${where} names policy ${JSON.stringify(unknown)}, which acl.policies does not define`);
  });
  if (defaultToken !== undefined) {
    if (typeof defaultToken !== 'string') throw new TypeError('acl.default_token must be a string');
    if (defaultToken !== ANONYMOUS_TOKEN && !Object.hasOwn(tokens, defaultToken)) {
      throw new TypeError('acl.default_token must be one of acl.tokens (or "anonymous")');
    }
  }
}

function checkShorthand(acl: Record<string, unknown>, tokens: Record<string, unknown>): void {
  Object.values(tokens).forEach((rules, i) => checkShorthandRules(`acl.tokens[token #${i + 1}]`, rules));
  if (acl.anonymous !== undefined) checkShorthandRules('acl.anonymous', acl.anonymous);
}

function checkShorthandRules(where: string, rules: unknown): void {
  if (rules === null || typeof rules !== 'object') throw new TypeError(`${where} must be an object { read?, write? }, got ${JSON.stringify(rules)}`);
  for (const [field, prefixes] of Object.entries(rules)) {
    if (field !== 'read' && field !== 'write') throw new TypeError(`${where} has unknown field ${JSON.stringify(field)}; known: read, write`);
    const valid = prefixes === '*' || (Array.isArray(prefixes) && prefixes.every((prefix) => typeof prefix === 'string'));
    if (!valid) throw new TypeError(`${where}.${field} must be '*' or an array of event-name prefixes, got ${JSON.stringify(prefixes)}`);
  }
}

function compileShorthand(acl: EventAclShorthand): AgentAcl {
  const covers = (prefixes: EventNamePrefixes | undefined, name: string): boolean =>
    prefixes === '*' || (prefixes ?? []).some((prefix) => prefix === '*' || name.startsWith(prefix));
  return {
    defaultPolicy: 'deny',
    tokenFor: (token) => token,
    authorize: (token) => {
      const rules = token === '' ? (acl.anonymous ?? {}) : Object.hasOwn(acl.tokens, token) ? acl.tokens[token] : undefined;
      if (!rules) return undefined;
      const canWrite = (name: string): boolean => covers(rules.write, name);
      return { canRead: (name) => canWrite(name) || covers(rules.read, name), canWrite };
    },
  };
}

function compileConsulAcl(acl: ConsulAclConfig): AgentAcl {
  const defaultAllows = (acl.default_policy ?? 'allow') === 'allow';
  const rulesOf = new Map(Object.entries(acl.policies ?? {}).map(([name, text]) => [name, parseEventRules(text)]));
  const authorizers = new Map<string, EventAuthorizer>();
  const tokens = { [ANONYMOUS_TOKEN]: [], ...acl.tokens };
  for (const [token, linked] of Object.entries(tokens)) {
    authorizers.set(token, tokenAuthorizer(linked.flatMap((name) => rulesOf.get(name) ?? []), defaultAllows));
  }
  return {
    defaultPolicy: defaultAllows ? 'allow' : 'deny',
    tokenFor: (token) => token || (acl.default_token ?? ''),
    authorize: (token) => authorizers.get(token || ANONYMOUS_TOKEN),
  };
}

/** Deny wins over write, write over read, when two linked rules name the same thing (acl/policy_merger.go). */
const PRECEDENCE: Readonly<Record<EventPolicy, number>> = { deny: 3, write: 2, read: 1 };

/**
 * A token's authorizer (acl/policy_authorizer.go): an exact `event` rule for the name wins;
 * otherwise the longest matching `event_prefix`; otherwise the default policy.
 */
function tokenAuthorizer(rules: readonly EventRule[], defaultAllows: boolean): EventAuthorizer {
  const exact = new Map<string, EventPolicy>();
  const prefixes = new Map<string, EventPolicy>();
  for (const rule of rules) {
    const merged = rule.prefix ? prefixes : exact;
    const existing = merged.get(rule.name);
    if (existing === undefined || PRECEDENCE[rule.policy] > PRECEDENCE[existing]) merged.set(rule.name, rule.policy);
  }
  const longestFirst = [...prefixes.entries()].sort(([a], [b]) => b.length - a.length);
  const policyFor = (name: string): EventPolicy | undefined =>
    exact.get(name) ?? longestFirst.find(([prefix]) => name.startsWith(prefix))?.[1];
  const decide = (name: string, wanted: 'read' | 'write'): boolean => {
    const policy = policyFor(name);
    if (policy === undefined) return defaultAllows;
    return policy === 'write' || (policy === 'read' && wanted === 'read');
  };
  return { canRead: (name) => decide(name, 'read'), canWrite: (name) => decide(name, 'write') };
}
