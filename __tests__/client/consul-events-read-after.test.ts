import type { IncomingMessage, ServerResponse } from 'node:http';
import { listedEvent, startHostileAgent, type HostileAgent } from '../reliability/helpers/hostile-agent';
import { watchUntil } from '../reliability/helpers/watch';

/**
 * The client reads each answer only after the newest event of the previous one (the agent
 * only appends to its list). These are the cases where that shortcut must not lose or repeat
 * an event. The agent here is scripted: answer N is `script[N]`, the last one repeated.
 */
let agent: HostileAgent;
beforeEach(async () => {
  agent = await startHostileAgent();
});
afterEach(() => agent.close());

interface ScriptedAnswer {
  readonly events: readonly Record<string, unknown>[];
  readonly index: string;
  readonly filteredByAcls?: boolean;
}

function play(script: readonly ScriptedAnswer[]): (req: IncomingMessage, res: ServerResponse) => void {
  let next = 0;
  return (_req, res) => {
    const answer = script[Math.min(next++, script.length - 1)]!;
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'X-Consul-Index': answer.index,
      ...(answer.filteredByAcls && { 'X-Consul-Results-Filtered-By-Acls': 'true' }),
    }).end(JSON.stringify(answer.events));
  };
}

const ids = (events: readonly object[]) => events.map((event) => (event as { ID: unknown }).ID);
const [a, b, c, d] = [listedEvent(), listedEvent(), listedEvent(), listedEvent()];

describe('consulEvents$ reading each answer after the newest event it already handled', () => {
  it('delivers events an ACL change reveals, although the agent lists them before the newest one delivered', async () => {
    agent.respond = play([
      { events: [a, c], index: '10', filteredByAcls: true },
      { events: [a, b, c, d], index: '11' },
    ]);
    const result = await watchUntil(agent.port, () => agent.requests.length >= 4);
    expect(ids(result.events)).toEqual(ids([a, c, b, d]));
  });

  it('watching several names, delivers events an ACL change reveals when the agent does not say whether ACLs hide any (no token, Consul < 1.11)', async () => {
    const other = listedEvent({ Name: 'other' });
    agent.respond = play([
      { events: [a, c], index: '10' },
      { events: [a, other, c, d], index: '11' },
    ]);
    const result = await watchUntil(agent.port, () => agent.requests.length >= 4, ['deploy', 'other']);
    expect(ids(result.events)).toEqual(ids([a, c, other, d]));
  });

  it('repeats no event when a gossip duplicate is appended after the list grew answer by answer, even with seenWindow: 1', async () => {
    agent.respond = play([
      { events: [a], index: '1' },
      { events: [a, b], index: '2' },
      { events: [a, b, c], index: '3' },
      { events: [a, b, c, d], index: '4' },
      { events: [a, b, c, d, b], index: '4' },
    ]);
    const result = await watchUntil(agent.port, () => agent.requests.length >= 7, 'deploy', { seenWindow: 1 });
    expect(ids(result.events)).toEqual(ids([a, b, c, d]));
  });

  it('when resuming with seenIds, delivers only what is listed after the last of them, never what is before it', async () => {
    agent.respond = play([{ events: [a, b, c, d], index: '4' }]);
    const result = await watchUntil(agent.port, () => agent.requests.length >= 3, 'deploy', { seenIds: [a.ID as string, c.ID as string] });
    expect(ids(result.events)).toEqual(ids([d]));
  });

  it('delivers an event listed before the newest one delivered when the list before it is not the previous one (a gossip copy appended after an eviction)', async () => {
    const e = listedEvent();
    agent.respond = play([
      { events: [a, b, c], index: '3' },
      { events: [d, c, e], index: '5' }, // the original c evicted, d fired, a gossip copy of c appended, then e
    ]);
    const result = await watchUntil(agent.port, () => agent.requests.length >= 4);
    expect(ids(result.events)).toEqual(ids([a, b, c, d, e]));
    expect(result.statuses.filter((status) => status.type === 'gap')).toEqual([]);
  });

  it('reads a list whose newest handled event reappears after newer ones, and delivers the newer ones once', async () => {
    const e = listedEvent();
    agent.respond = play([
      { events: [a, b], index: '2' },
      { events: [a, b, c, b], index: '3' },
      { events: [a, b, c, b, e], index: '5' },
    ]);
    const result = await watchUntil(agent.port, () => agent.requests.length >= 5);
    expect(ids(result.events)).toEqual(ids([a, b, c, e]));
  });
});

describe('consulEvents$ against events with braces, quotes and escapes in their fields', () => {
  it('delivers each event once and intact', async () => {
    const odd = [
      listedEvent({ Name: 'deploy', NodeFilter: '^web-{1,3}$', TagFilter: '"]}{[' }),
      listedEvent({ Name: 'deploy', ServiceFilter: 'a\\"},{"ID":"x"' }),
      listedEvent({ Name: 'deploy', Payload: null, LTime: 9 }),
    ];
    agent.respond = play([
      { events: [odd[0]!], index: '1' },
      { events: [odd[0]!, odd[1]!], index: '2' },
      { events: odd, index: '3' },
    ]);
    const result = await watchUntil(agent.port, () => agent.requests.length >= 6);
    expect(result.events).toEqual(odd);
  });
});
