import { setupServer } from 'msw/node';
import { ConsulEventStore } from '../../src/testing';
import { consulEventHandlers } from '../../src/testing/msw';
import { describeAclTokens } from './acl-tokens.suite';
import { describeAgentHttp } from './agent-http.suite';
import type { OpenDoor } from './door-harness';
import { describeFaults } from './faults.suite';
import { describeFireEndpoint } from './fire-endpoint.suite';
import { describeListBlocking } from './list-blocking.suite';
import { describeListEndpoint } from './list-endpoint.suite';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

const openMswDoor: OpenDoor = async (options) => {
  const store = new ConsulEventStore(options);
  server.use(...consulEventHandlers(store));
  return {
    url: 'http://consul.test:8500',
    store,
    close: () => {
      store.close();
      server.resetHandlers();
    },
  };
};

describe('consulEventHandlers(store) serving fetch', () => {
  describeListEndpoint(openMswDoor);
  describeListBlocking(openMswDoor);
  describeFireEndpoint(openMswDoor);
  describeAclTokens(openMswDoor);
  describeFaults(openMswDoor);
  describeAgentHttp(openMswDoor);
});
