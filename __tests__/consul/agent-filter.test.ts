import { agentStoresEvent, type AgentIdentity } from '../../src/consul/agent-filter';
import { createUserEvent, type EventFilters } from '../../src/consul/user-event';

const agent: AgentIdentity = {
  nodeName: 'web-1',
  services: [
    { name: 'web', tags: ['canary', 'v2'] },
    { name: 'db', tags: ['primary'] },
    { name: 'cache' },
  ],
};
const stores = (filters: EventFilters, name = 'deploy') => agentStoresEvent(agent, createUserEvent(name, null, filters));

describe('agentStoresEvent(agent, event)', () => {
  it('stores an event without filters', () => {
    expect(stores({})).toBe(true);
  });

  it('matches the node filter against the node name, unanchored', () => {
    expect(stores({ node: 'web' })).toBe(true);
    expect(stores({ node: '^web-\\d$' })).toBe(true);
    expect(stores({ node: '^db' })).toBe(false);
  });

  it('needs one local service whose name matches the service filter', () => {
    expect(stores({ service: '^db$' })).toBe(true);
    expect(stores({ service: 'ach' })).toBe(true);
    expect(stores({ service: '^api$' })).toBe(false);
  });

  it('needs the tag to belong to a service that matched the service filter', () => {
    expect(stores({ service: 'web', tag: 'canary' })).toBe(true);
    expect(stores({ service: 'db', tag: 'canary' })).toBe(false);
    expect(stores({ service: 'cache', tag: '.*' })).toBe(false);
    expect(stores({ service: '.', tag: '^primary$' })).toBe(true);
  });

  it('needs the node and service filters to match together', () => {
    expect(stores({ node: 'web-1', service: 'web' })).toBe(true);
    expect(stores({ node: 'web-2', service: 'web' })).toBe(false);
  });

  it('matches case-sensitively, as Go regexes do', () => {
    expect(stores({ node: 'WEB' })).toBe(false);
  });

  it('drops an event whose filter does not compile', () => {
    expect(stores({ node: '(' })).toBe(false);
  });

  it('never stores "_rexec" events: they drive consul exec', () => {
    expect(stores({}, '_rexec')).toBe(false);
  });

  it('stores no service-filtered event on an agent without services', () => {
    expect(agentStoresEvent({ nodeName: 'n', services: [] }, createUserEvent('x', null, { service: '.*' }))).toBe(false);
  });
});
