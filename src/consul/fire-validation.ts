import type { EventFilters } from './user-event';

/**
 * Why the agent refuses to fire an event with these parameters, in its own words
 * (`validateUserEventParams` in agent/user_event.go), or `undefined` when they are valid.
 * Over HTTP the refusal is a `500` with this text.
 *
 * Filters are compiled as JavaScript regexes; Go's RE2 refuses a few patterns JavaScript
 * accepts (look-arounds, back-references), so the emulator is more lenient there.
 *
 * @example
 * ```ts
 * fireRejection('deploy', { tag: 'canary' });
 * // 'Cannot provide tag filter without service filter'
 * fireRejection('deploy', { node: '(' });
 * // 'Invalid node filter: Invalid regular expression: /(/: Unterminated group'
 * fireRejection('deploy', { service: '^web$' }); // undefined
 * ```
 */
export function fireRejection(name: string, filters: EventFilters): string | undefined {
  if (name === '') return 'User event missing name';
  if (filters.tag && !filters.service) return 'Cannot provide tag filter without service filter';
  for (const field of ['node', 'service', 'tag'] as const) {
    const pattern = filters[field];
    if (!pattern) continue;
    try {
      new RegExp(pattern);
    } catch (error) {
      return `Invalid ${field} filter: ${(error as Error).message}`;
    }
  }
  return undefined;
}
