/**
 * Event-name prefixes a rule covers, like Consul's `event_prefix "…"` rules (and the
 * legacy prefix-matching `event "…"` rules): `'deploy'` covers `deploy`, `deploy-web`, …;
 * `''` or `'*'` covers every name.
 *
 * @example
 * ```ts
 * const deployEvents: EventNamePrefixes = ['deploy'];
 * const everything: EventNamePrefixes = '*';
 * ```
 */
export type EventNamePrefixes = readonly string[] | '*';

/**
 * What one token may do with events. `write` implies `read`, as a Consul `write` policy does.
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
 * ACLs of the emulated agent (think `default_policy = "deny"`). A token that is not in
 * `tokens` is unknown: `ACL not found`. A request without a token gets `anonymous`.
 *
 * @example
 * ```ts
 * const acl: EventAclConfig = {
 *   tokens: { 'reader-token': { read: ['deploy'] }, 'admin-token': { write: '*' } },
 * };
 * ```
 */
export interface EventAclConfig {
  tokens: Readonly<Record<string, EventAclRules>>;
  /** Rules for requests that send no token. @default {} (nothing allowed) */
  anonymous?: EventAclRules;
}

/**
 * What a resolved token may do with a given event name.
 *
 * @example
 * ```ts
 * const access = authorizeEventToken(acl, 'reader-token');
 * access?.canRead('deploy'); // true
 * ```
 */
export interface EventAuthorizer {
  canRead(eventName: string): boolean;
  canWrite(eventName: string): boolean;
}

/** Everything allowed: an agent without ACLs. */
const ALLOW_ALL: EventAuthorizer = { canRead: () => true, canWrite: () => true };

/**
 * Resolves the request's token (`''` = none sent) against the agent's ACLs. Returns
 * `undefined` for an unknown token, which Consul answers with `ACL not found`. Without
 * `acl` every token, known or not, may do everything.
 *
 * @example
 * ```ts
 * authorizeEventToken(undefined, 'anything')?.canWrite('deploy'); // true
 * authorizeEventToken(acl, 'no-such-token');                      // undefined
 * authorizeEventToken(acl, '')?.canRead('deploy');                // false (anonymous)
 * ```
 */
export function authorizeEventToken(acl: EventAclConfig | undefined, token: string): EventAuthorizer | undefined {
  if (!acl) return ALLOW_ALL;
  const rules = token === '' ? (acl.anonymous ?? {}) : Object.hasOwn(acl.tokens, token) ? acl.tokens[token] : undefined;
  if (!rules) return undefined;
  const canWrite = (name: string) => covers(rules.write, name);
  return { canRead: (name) => canWrite(name) || covers(rules.read, name), canWrite };
}

function covers(prefixes: EventNamePrefixes | undefined, name: string): boolean {
  if (prefixes === '*') return true;
  return (prefixes ?? []).some((prefix) => prefix === '*' || name.startsWith(prefix));
}

function checkRules(where: string, rules: unknown): void {
  if (rules === null || typeof rules !== 'object') throw new TypeError(`${where} must be an object { read?, write? }, got ${JSON.stringify(rules)}`);
  for (const [field, prefixes] of Object.entries(rules)) {
    if (field !== 'read' && field !== 'write') throw new TypeError(`${where} has unknown field ${JSON.stringify(field)}; known: read, write`);
    const valid = prefixes === '*' || (Array.isArray(prefixes) && prefixes.every((prefix) => typeof prefix === 'string'));
    if (!valid) throw new TypeError(`${where}.${field} must be '*' or an array of event-name prefixes, got ${JSON.stringify(prefixes)}`);
  }
}

/**
 * Checks the shape of an ACL configuration (from code or an `--acl-file`), so a typo fails
 * when the emulator starts rather than on its first request. Token values are not echoed:
 * tokens are named by their position.
 *
 * @example
 * ```ts
 * checkEventAclConfig({ tokens: { secret: { read: ['deploy'] } } }); // fine
 * checkEventAclConfig({ token: {} });
 * // TypeError: acl.tokens must be an object mapping each token to its rules, got undefined
 * ```
 */
export function checkEventAclConfig(acl: unknown): asserts acl is EventAclConfig {
  if (acl === null || typeof acl !== 'object') throw new TypeError(`acl must be an object { tokens, anonymous? }, got ${JSON.stringify(acl)}`);
  const { tokens, anonymous } = acl as { tokens?: unknown; anonymous?: unknown };
  if (tokens === null || typeof tokens !== 'object' || Array.isArray(tokens)) {
    throw new TypeError(`acl.tokens must be an object mapping each token to its rules, got ${JSON.stringify(tokens)}`);
  }
  Object.values(tokens).forEach((rules, i) => checkRules(`acl.tokens[token #${i + 1}]`, rules));
  if (anonymous !== undefined) checkRules('acl.anonymous', anonymous);
}
