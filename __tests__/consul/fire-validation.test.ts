import { fireRejection } from '../../src/consul/fire-validation';
import { goPatternError } from '../../src/consul/go-regexp';

describe('fireRejection(name, filters, patternError)', () => {
  it('accepts a name with valid filters', () => {
    expect(fireRejection('deploy', {}, goPatternError)).toBeUndefined();
    expect(fireRejection('deploy', { node: 'web-\\d+', service: '^web$', tag: 'canary' }, goPatternError)).toBeUndefined();
  });

  it('refuses an empty name with the agent text', () => {
    expect(fireRejection('', {}, goPatternError)).toBe('User event missing name');
  });

  it('refuses a tag filter without a service filter', () => {
    expect(fireRejection('deploy', { tag: 'canary' }, goPatternError)).toBe('Cannot provide tag filter without service filter');
  });

  it.each(['node', 'service', 'tag'] as const)('refuses a %s filter that does not compile, naming the field', (field) => {
    const filters = { service: 'web', [field]: '(' };
    expect(fireRejection('deploy', filters, goPatternError)).toMatch(new RegExp(`^Invalid ${field} filter: .*`));
  });

  it('checks patterns with the given check only: one that accepts all leaves them to the agent', () => {
    expect(fireRejection('deploy', { node: 'x' }, (pattern) => `nope: ${pattern}`)).toBe('Invalid node filter: nope: x');
    expect(fireRejection('deploy', { node: '(' }, () => undefined)).toBeUndefined();
  });
});
