import { checkEventAclConfig, compileEventAcl, type ConsulAclConfig, type EventAclConfig } from '../../src/consul/event-acl';

const acl: EventAclConfig = {
  tokens: {
    reader: { read: ['deploy'] },
    writer: { write: ['deploy'] },
    root: { read: '*', write: '*' },
    everything: { read: [''] },
  },
};

describe('compileEventAcl(shorthand).authorize(token)', () => {
  it('lets every token do everything when the agent has no ACLs', () => {
    const access = compileEventAcl(undefined).authorize('anything');
    expect(access?.canRead('x')).toBe(true);
    expect(access?.canWrite('x')).toBe(true);
  });

  it('does not know a token that is not configured (ACL not found)', () => {
    expect(compileEventAcl(acl).authorize('nope')).toBeUndefined();
    expect(compileEventAcl(acl).authorize('constructor')).toBeUndefined();
  });

  it('matches rules as event-name prefixes', () => {
    const reader = compileEventAcl(acl).authorize('reader');
    expect(reader?.canRead('deploy')).toBe(true);
    expect(reader?.canRead('deploy-web')).toBe(true);
    expect(reader?.canRead('Deploy')).toBe(false);
    expect(reader?.canRead('other')).toBe(false);
    expect(reader?.canWrite('deploy')).toBe(false);
  });

  it('lets write imply read, as a Consul write policy does', () => {
    const writer = compileEventAcl(acl).authorize('writer');
    expect(writer?.canWrite('deploy')).toBe(true);
    expect(writer?.canRead('deploy')).toBe(true);
    expect(writer?.canRead('other')).toBe(false);
  });

  it("treats '*' and the empty prefix as every name", () => {
    expect(compileEventAcl(acl).authorize('root')?.canWrite('anything')).toBe(true);
    expect(compileEventAcl(acl).authorize('everything')?.canRead('anything')).toBe(true);
  });

  it('says default_policy deny, and has no default token', () => {
    expect(compileEventAcl(acl).defaultPolicy).toBe('deny');
    expect(compileEventAcl(acl).tokenFor('')).toBe('');
  });

  it('gives a request without a token the anonymous rules, none by default', () => {
    expect(compileEventAcl(acl).authorize('')?.canRead('deploy')).toBe(false);
    const open = compileEventAcl({ ...acl, anonymous: { read: ['public-'] } }).authorize('');
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

const rules = {
  'deploy-read': 'event "deploy" { policy = "read" }\nevent_prefix "" { policy = "deny" }',
  'dep-write': '# CI may fire deploy-*\nevent_prefix "deploy-" {\n  policy = "write"\n}',
  'deny-deploy-web': 'event "deploy-web" { policy = "deny" }',
  'write-deploy-web': 'event "deploy-web" { policy = "write" }',
  'read-all': 'event_prefix "" { policy = "read" }',
  'keys-only': 'key_prefix "" { policy = "write" }\noperator = "read"',
};
const consul = (extra: Partial<ConsulAclConfig> = {}) =>
  compileEventAcl({
    policies: rules,
    tokens: { reader: ['deploy-read'], ci: ['deploy-read', 'dep-write'], mixed: ['write-deploy-web', 'deny-deploy-web'], all: ['read-all'], keys: ['keys-only'] },
    ...extra,
  });

describe('compileEventAcl(consulAcl).authorize(token)', () => {
  it('takes an exact event rule for that name only, and the longest matching event_prefix otherwise', () => {
    const reader = consul({ default_policy: 'allow' }).authorize('reader');
    expect([reader?.canRead('deploy'), reader?.canWrite('deploy')]).toEqual([true, false]);
    expect([reader?.canRead('deploy-web'), reader?.canRead('other')]).toEqual([false, false]);
    const ci = consul().authorize('ci');
    expect([ci?.canWrite('deploy-web'), ci?.canWrite('deploy'), ci?.canRead('deploy'), ci?.canRead('other')]).toEqual([true, false, true, false]);
  });

  it('lets deny win over write, and write over read, when a token’s policies name the same thing', () => {
    expect(consul().authorize('mixed')?.canRead('deploy-web')).toBe(false);
  });

  it('falls back on the default policy where no rule matches: allow by default, or deny', () => {
    expect(consul().authorize('keys')?.canWrite('deploy')).toBe(true);
    expect(consul({ default_policy: 'deny' }).authorize('keys')?.canRead('deploy')).toBe(false);
    expect(consul().authorize('all')?.canWrite('deploy')).toBe(false); // a read rule is no default
    expect([consul().defaultPolicy, consul({ default_policy: 'deny' }).defaultPolicy]).toEqual(['allow', 'deny']);
  });

  it('answers a request without a token as the default token, else as the anonymous token', () => {
    expect(consul({ default_token: 'reader' }).tokenFor('')).toBe('reader');
    expect(consul({ default_token: 'reader' }).tokenFor('ci')).toBe('ci');
    const anonymous = consul({ default_policy: 'deny', tokens: { anonymous: ['read-all'] } });
    expect(anonymous.authorize(anonymous.tokenFor(''))?.canRead('x')).toBe(true);
    expect(consul({ default_policy: 'deny' }).authorize('')?.canRead('x')).toBe(false);
  });

  it('does not know a token that is not configured (ACL not found)', () => {
    expect(consul().authorize('nope')).toBeUndefined();
    expect(consul().authorize('constructor')).toBeUndefined();
  });

  it('ignores keys it does not know', () => {
    expect(() => compileEventAcl({ tokens: { a: [] }, enabled: true, down_policy: 'extend-cache' } as ConsulAclConfig)).not.toThrow();
  });

  it.each<[string, unknown, RegExp]>([
    ['a default policy other than allow or deny', { default_policy: 'maybe', tokens: {} }, /acl\.default_policy must be "allow" or "deny", got "maybe"/],
    ['a token linked to an undefined policy', { policies: {}, tokens: { secret: ['ops'] } }, /acl\.tokens\[token #1\] names policy "ops", which acl\.policies does not define/],
    ['policy rules Consul refuses', { policies: { ops: 'event "x" { policy = "admin" }' }, tokens: {} }, /acl\.policies\["ops"\]: Invalid event policy: event "x" has policy "admin"/],
    ['rules that do not parse', { policies: { ops: 'event "x" {' }, tokens: {} }, /acl\.policies\["ops"\]: line 1: expected "}"/],
    ['an unknown default token', { tokens: { secret: [] }, default_token: 'secret2' }, /acl\.default_token must be one of acl\.tokens/],
  ])('refuses %s, without echoing a token', (_, config, message) => {
    expect(() => checkEventAclConfig(config)).toThrow(message);
    try { checkEventAclConfig(config); } catch (error) { expect((error as Error).message).not.toMatch(/secret/); }
  });
});
