import type { EventFilters } from './user-event';

/**
 * Why a filter pattern does not compile, or `undefined` when it does.
 *
 * @example
 * ```ts
 * const check: PatternError = (pattern) => (pattern === '(' ? 'missing closing )' : undefined);
 * ```
 */
export type PatternError = (pattern: string) => string | undefined;

/**
 * Why the agent refuses to fire an event with these parameters, in its own words
 * (`validateUserEventParams` in agent/user_event.go), or `undefined` when they are valid.
 * Over HTTP the refusal is a `500` with this text. Filters are checked with
 * `patternError`: the emulator passes Go's RE2 check (`goPatternError`), which gives the
 * agent's exact texts; the client, which must not load an RE2 engine, passes one that
 * accepts every pattern and leaves them to the agent.
 *
 * @example
 * ```ts
 * fireRejection('deploy', { tag: 'canary' }, goPatternError);
 * // 'Cannot provide tag filter without service filter'
 * fireRejection('deploy', { node: '(' }, goPatternError);
 * // 'Invalid node filter: error parsing regexp: missing closing ): `(`'
 * fireRejection('deploy', { service: '^web$' }, goPatternError); // undefined
 * ```
 */
export function fireRejection(name: string, filters: EventFilters, patternError: PatternError): string | undefined {
  if (name === '') return 'User event missing name';
  if (filters.tag && !filters.service) return 'Cannot provide tag filter without service filter';
  for (const field of ['node', 'service', 'tag'] as const) {
    const pattern = filters[field];
    const error = pattern ? patternError(pattern) : undefined;
    if (error) return `Invalid ${field} filter: ${error}`;
  }
  return undefined;
}
