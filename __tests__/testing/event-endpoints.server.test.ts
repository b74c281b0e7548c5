import { startConsulEmulator } from '../../src/testing';
import { describeAclTokens } from './acl-tokens.suite';
import { describeAgentHttp } from './agent-http.suite';
import type { OpenDoor } from './door-harness';
import { describeFaults } from './faults.suite';
import { describeFireEndpoint } from './fire-endpoint.suite';
import { describeListBlocking } from './list-blocking.suite';
import { describeListEndpoint } from './list-endpoint.suite';

const openServerDoor: OpenDoor = async (options) => {
  const emulator = await startConsulEmulator(options);
  return { url: emulator.url, store: emulator.store, close: () => emulator.close() };
};

describe('startConsulEmulator() serving fetch over loopback', () => {
  describeListEndpoint(openServerDoor);
  describeListBlocking(openServerDoor);
  describeFireEndpoint(openServerDoor);
  describeAclTokens(openServerDoor);
  describeFaults(openServerDoor);
  describeAgentHttp(openServerDoor);
});
