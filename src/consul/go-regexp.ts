import { RE2JS, RE2JSSyntaxException } from 're2js';
// Only the emulator's side loads this file: the main entry must not pull in an RE2 engine.

/**
 * A regular expression compiled as Go's `regexp.Compile` compiles the agent's event
 * filters: RE2 syntax (`(?i)`, `(?P<name>…)`, `\z`, `[[:alpha:]]`; no look-arounds, no
 * back-references), matched unanchored like `MatchString`.
 *
 * @example
 * ```ts
 * const compiled = compileGoRegexp('(?i)^web');
 * if ('regexp' in compiled) compiled.regexp.test('WEB-1'); // true
 * ```
 */
export interface GoRegexp {
  /** Whether the expression matches anywhere in `text` (Go's `MatchString`). */
  test(text: string): boolean;
}

/** Errors whose Go text quotes the whole expression rather than the offending part. */
const WHOLE_EXPRESSION_ERRORS = new Set(['expression nests too deeply', 'expression too large']);

/**
 * Compiles `pattern` with an RE2 engine (re2js, a pure-JavaScript port, so browsers and MSW
 * keep working), or returns Go's error text for it, as `err.Error()` prints it:
 * ``error parsing regexp: missing closing ): `(` ``.
 *
 * @example
 * ```ts
 * compileGoRegexp('(');      // { error: 'error parsing regexp: missing closing ): `(`' }
 * compileGoRegexp('(?=a)');  // { error: 'error parsing regexp: invalid or unsupported Perl syntax: `(?=`' }
 * compileGoRegexp('\\z');    // { regexp: … }
 * ```
 */
export function compileGoRegexp(pattern: string): { regexp: GoRegexp } | { error: string } {
  try {
    const compiled = RE2JS.compile(pattern);
    return { regexp: { test: (text) => compiled.matcher(text).find() } };
  } catch (error) {
    if (!(error instanceof RE2JSSyntaxException)) throw error;
    const quoted = WHOLE_EXPRESSION_ERRORS.has(error.error) ? pattern : (error.input ?? '');
    return { error: `error parsing regexp: ${error.error}: \`${quoted}\`` };
  }
}

/**
 * Go's error text for a pattern that does not compile, or `undefined`: the check the agent
 * runs on fire filters, for {@link fireRejection}.
 *
 * @example
 * ```ts
 * fireRejection('deploy', { node: '(?<=a)b' }, goPatternError);
 * // 'Invalid node filter: error parsing regexp: invalid named capture: `(?<=a)b`'
 * ```
 */
export function goPatternError(pattern: string): string | undefined {
  const compiled = compileGoRegexp(pattern);
  return 'error' in compiled ? compiled.error : undefined;
}
