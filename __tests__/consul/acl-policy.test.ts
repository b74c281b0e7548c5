import { parseEventRules } from '../../src/consul/acl-policy';

describe('parseEventRules(rules)', () => {
  it('reads event and event_prefix blocks as Consul writes them, with comments', () => {
    const rules = `
      # who may see deploys
      event "deploy" {
        policy = "read"
      }
      // nobody sees the rest
      event_prefix "" { policy = "deny" } /* done */
    `;
    expect(parseEventRules(rules)).toEqual([
      { name: 'deploy', prefix: false, policy: 'read' },
      { name: '', prefix: true, policy: 'deny' },
    ]);
  });

  it('ignores rules for other resources, attributes and lists', () => {
    const rules = 'key_prefix "" { policy = "write" }\noperator = "read"\nservice "web" { policy = "read", intentions = "deny" }\nnode_prefix "" { policy = "read" }\nx = [1, "a", true]\nevent "a" { policy = "write" }';
    expect(parseEventRules(rules)).toEqual([{ name: 'a', prefix: false, policy: 'write' }]);
  });

  it('reads the JSON form and HCL’s nested form', () => {
    expect(parseEventRules('{"event": {"deploy": {"policy": "read"}}, "event_prefix": [{"ci-": [{"policy": "write"}]}]}')).toEqual([
      { name: 'deploy', prefix: false, policy: 'read' },
      { name: 'ci-', prefix: true, policy: 'write' },
    ]);
    expect(parseEventRules('event = { "deploy" = { policy = "deny" } }')).toEqual([{ name: 'deploy', prefix: false, policy: 'deny' }]);
  });

  it('reads escapes in quoted names', () => {
    expect(parseEventRules('event "a\\"b\\\\c" { policy = "read" }')).toEqual([{ name: 'a"b\\c', prefix: false, policy: 'read' }]);
  });

  it.each([
    ['event "deploy" { policy = "list" }', 'Invalid event policy: event "deploy" has policy "list"; it must be "read", "write" or "deny"'],
    ['event "deploy" { }', 'Invalid event policy: event "deploy" has policy null; it must be "read", "write" or "deny"'],
    ['event "deploy" {\n policy = \n}', 'line 3: unexpected "}"'],
    ['event "deploy" "x" { policy = "read" }', 'event "deploy" has an extra label "x"'],
    ['event "deploy" { policy = "read" ', 'line 1: expected "}", got the end'],
    ['event "deploy { policy = "read" }', 'line 1: a string is never closed'],
    ['key <<EOF\nx\nEOF', 'line 1: unexpected "<"'],
  ])('refuses %j: %s', (rules, message) => {
    expect(() => parseEventRules(rules)).toThrow(message);
  });
});
