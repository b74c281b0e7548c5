import { agentStoresEvent } from '../../src/consul/agent-filter';
import { fireRejection } from '../../src/consul/fire-validation';
import { compileGoRegexp, goPatternError } from '../../src/consul/go-regexp';
import { createUserEvent } from '../../src/consul/user-event';

const matches = (pattern: string, text: string): boolean => {
  const compiled = compileGoRegexp(pattern);
  if ('error' in compiled) throw new Error(compiled.error);
  return compiled.regexp.test(text);
};

describe('compileGoRegexp(pattern)', () => {
  it.each([
    ['(?i)^web', 'WEB-1'],
    ['^(?P<role>web)-\\d+\\z', 'web-12'],
    ['^[[:alpha:]]+$', 'web'],
    ['\\Aweb', 'web-1'],
    ['(?s)a.b', 'a\nb'],
  ])('accepts RE2 syntax that JavaScript refuses or reads otherwise: %s', (pattern, text) => {
    expect(matches(pattern, text)).toBe(true);
  });

  it('matches unanchored, as MatchString does', () => {
    expect(matches('eb-', 'web-1')).toBe(true);
    expect(matches('^eb-', 'web-1')).toBe(false);
  });

  it.each([
    ['(', 'error parsing regexp: missing closing ): `(`'],
    ['a)', 'error parsing regexp: unexpected ): `a)`'],
    ['(?=web)', 'error parsing regexp: invalid or unsupported Perl syntax: `(?=`'],
    ['(?<=a)b', 'error parsing regexp: invalid named capture: `(?<=a)b`'],
    ['(a)\\1', 'error parsing regexp: invalid escape sequence: `\\1`'],
    ['a**', 'error parsing regexp: invalid nested repetition operator: `**`'],
    ['x{1001}', 'error parsing regexp: invalid repeat count: `{1001}`'],
    ['[z-a]', 'error parsing regexp: invalid character class range: `z-a`'],
    ['\\', 'error parsing regexp: trailing backslash at end of expression: ``'],
  ])('refuses %s with Go’s error text', (pattern, text) => {
    expect(compileGoRegexp(pattern)).toEqual({ error: text });
    expect(goPatternError(pattern)).toBe(text);
  });
});

describe('the agent’s filters, as Go regexes', () => {
  it('refuses a fire whose filter Go cannot compile, in the agent’s words', () => {
    expect(fireRejection('deploy', { node: '(' }, goPatternError)).toBe('Invalid node filter: error parsing regexp: missing closing ): `(`');
    expect(fireRejection('deploy', { service: 'web', tag: '(?!x)' }, goPatternError)).toBe(
      'Invalid tag filter: error parsing regexp: invalid or unsupported Perl syntax: `(?!`',
    );
    expect(fireRejection('deploy', { node: '(?i)^WEB' }, goPatternError)).toBeUndefined();
  });

  it('stores an event whose filter only RE2 understands', () => {
    const agent = { nodeName: 'web-1', services: [{ name: 'web', tags: ['canary'] }] };
    expect(agentStoresEvent(agent, createUserEvent('deploy', null, { node: '(?i)^WEB-\\d\\z' }))).toBe(true);
    expect(agentStoresEvent(agent, createUserEvent('deploy', null, { service: '^[[:alpha:]]+$', tag: '(?i)CANARY' }))).toBe(true);
  });
});
