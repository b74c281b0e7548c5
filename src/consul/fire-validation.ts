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
 * A JavaScript approximation of Go's regexp syntax check, for callers that must not load an
 * RE2 engine: it refuses what JavaScript cannot compile. Go's RE2 differs both ways (it
 * refuses look-arounds and back-references, and accepts `(?i)`, `(?P<name>…)`, `\z`).
 *
 * @example
 * ```ts
 * javaScriptPatternError('(');   // 'Invalid regular expression: /(/: Unterminated group'
 * javaScriptPatternError('^web'); // undefined
 * ```
 */
export function javaScriptPatternError(pattern: string): string | undefined {
  try {
    new RegExp(pattern);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Why the agent refuses to fire an event with these parameters, in its own words
 * (`validateUserEventParams` in agent/user_event.go), or `undefined` when they are valid.
 * Over HTTP the refusal is a `500` with this text. Filters are checked with
 * `patternError`: the emulator passes Go's RE2 check (`goPatternError`), which gives the
 * agent's exact texts; the default is {@link javaScriptPatternError}.
 *
 * @example
 * ```ts
 * fireRejection('deploy', { tag: 'canary' });
 * // 'Cannot provide tag filter without service filter'
 * fireRejection('deploy', { node: '(' }, goPatternError);
 * // 'Invalid node filter: error parsing regexp: missing closing ): `(`'
 * fireRejection('deploy', { service: '^web$' }); // undefined
 * ```
 */
export function fireRejection(name: string, filters: EventFilters, patternError: PatternError = javaScriptPatternError): string | undefined {
  if (name === '') return 'User event missing name';
  if (filters.tag && !filters.service) return 'Cannot provide tag filter without service filter';
  for (const field of ['node', 'service', 'tag'] as const) {
    const pattern = filters[field];
    const error = pattern ? patternError(pattern) : undefined;
    if (error) return `Invalid ${field} filter: ${error}`;
  }
  return undefined;
}
