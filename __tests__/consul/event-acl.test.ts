import { authorizeEventToken, checkEventAclConfig, type EventAclConfig } from '../../src/consul/event-acl';

const acl: EventAclConfig = {
  tokens: {
    reader: { read: ['deploy'] },
    writer: { write: ['deploy'] },
    root: { read: '*', write: '*' },
    everything: { read: [''] },
  },
};

describe('authorizeEventToken(acl, token)', () => {
  it('lets every token do everything when the agent has no ACLs', () => {
    const access = authorizeEventToken(undefined, 'anything');
    expect(access?.canRead('x')).toBe(true);
    expect(access?.canWrite('x')).toBe(true);
  });

  it('does not know a token that is not configured (ACL not found)', () => {
    expect(authorizeEventToken(acl, 'nope')).toBeUndefined();
    expect(authorizeEventToken(acl, 'constructor')).toBeUndefined();
  });

  it('matches rules as event-name prefixes', () => {
    const reader = authorizeEventToken(acl, 'reader');
    expect(reader?.canRead('deploy')).toBe(true);
    expect(reader?.canRead('deploy-web')).toBe(true);
    expect(reader?.canRead('Deploy')).toBe(false);
    expect(reader?.canRead('other')).toBe(false);
    expect(reader?.canWrite('deploy')).toBe(false);
  });

  it('lets write imply read, as a Consul write policy does', () => {
    const writer = authorizeEventToken(acl, 'writer');
    expect(writer?.canWrite('deploy')).toBe(true);
    expect(writer?.canRead('deploy')).toBe(true);
    expect(writer?.canRead('other')).toBe(false);
  });

  it("treats '*' and the empty prefix as every name", () => {
    expect(authorizeEventToken(acl, 'root')?.canWrite('anything')).toBe(true);
    expect(authorizeEventToken(acl, 'everything')?.canRead('anything')).toBe(true);
  });

  it('gives a request without a token the anonymous rules, none by default', () => {
    expect(authorizeEventToken(acl, '')?.canRead('deploy')).toBe(false);
    const open = authorizeEventToken({ ...acl, anonymous: { read: ['public-'] } }, '');
    expect(open?.canRead('public-news')).toBe(true);
  });
});

describe('checkEventAclConfig(acl)', () => {
  it('accepts tokens with read/write prefix lists or "*", and anonymous rules', () => {
    expect(() => checkEventAclConfig({ tokens: { a: { read: ['deploy'], write: '*' }, b: {} }, anonymous: { read: '*' } })).not.toThrow();
  });

  it.each<[string, unknown, RegExp]>([
    ['a misspelt tokens field', { token: {} }, /acl\.tokens must be an object mapping each token to its rules, got undefined/],
    ['rules that are not an object', { tokens: { secret: 'all' } }, /acl\.tokens\[token #1\] must be an object/],
    ['a prefix list that is a string', { tokens: { secret: { read: 'deploy' } } }, /acl\.tokens\[token #1\]\.read must be '\*' or an array of event-name prefixes, got "deploy"/],
    ['an unknown rule field', { tokens: { secret: { rwite: [] } } }, /unknown field "rwite"/],
  ])('refuses %s, without echoing the token', (_, acl, message) => {
    expect(() => checkEventAclConfig(acl)).toThrow(message);
    try { checkEventAclConfig(acl); } catch (error) { expect((error as Error).message).not.toContain('secret'); }
  });
});
