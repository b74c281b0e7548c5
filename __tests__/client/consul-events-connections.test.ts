import { listAnswer, listedEvent, startHostileAgent, type HostileAgent } from '../reliability/helpers/hostile-agent';
import { watchUntil } from '../reliability/helpers/watch';

let agent: HostileAgent;
beforeEach(async () => {
  agent = await startHostileAgent();
});
afterEach(() => agent.close());

describe('consulEvents$ connections to the agent', () => {
  it('one subscription holds one connection across its polls (an agent answers 429 past 200 connections from one address)', async () => {
    const listed: Record<string, unknown>[] = [];
    let index = 1;
    // Every answer carries one new event and a new index, so every poll is sent straight from the last answer.
    agent.respond = (req, res) => {
      listed.push(listedEvent());
      listAnswer(JSON.stringify(listed), String(index++))(req, res);
    };
    const result = await watchUntil(agent.port, (r) => r.events.length >= 10);
    expect(result.events.map((event) => event.ID)).toEqual(listed.slice(0, result.events.length).map((event) => event.ID));
    expect(agent.requests.length).toBeGreaterThanOrEqual(10);
    expect(new Set(agent.requests.map((request) => request.remotePort)).size).toBe(1);
  });
});
