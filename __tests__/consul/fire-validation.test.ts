import { fireRejection } from '../../src/consul/fire-validation';

describe('fireRejection(name, filters)', () => {
  it('accepts a name with valid filters', () => {
    expect(fireRejection('deploy', {})).toBeUndefined();
    expect(fireRejection('deploy', { node: 'web-\\d+', service: '^web$', tag: 'canary' })).toBeUndefined();
  });

  it('refuses an empty name with the agent text', () => {
    expect(fireRejection('', {})).toBe('User event missing name');
  });

  it('refuses a tag filter without a service filter', () => {
    expect(fireRejection('deploy', { tag: 'canary' })).toBe('Cannot provide tag filter without service filter');
  });

  it.each(['node', 'service', 'tag'] as const)('refuses a %s filter that does not compile, naming the field', (field) => {
    const filters = { service: 'web', [field]: '(' };
    expect(fireRejection('deploy', filters)).toMatch(new RegExp(`^Invalid ${field} filter: .*`));
  });

  it('checks patterns with the given check (the emulator passes Go’s)', () => {
    expect(fireRejection('deploy', { node: 'x' }, (pattern) => `nope: ${pattern}`)).toBe('Invalid node filter: nope: x');
  });
});
