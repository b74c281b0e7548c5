import type { ConsulEvent } from '../../../src';
import { PollState } from '../../../src/client/poll/poll-state';
import { indexOfEventList } from '../../../src/consul/consul-index';
import { event } from '../../helpers/scripted-client';
import { bytesBody, textBody } from '../../../src/client/transport/answer-body';
import fc from 'fast-check';

/** A state fed plain answers: each step is what the poll would do with that answer. */
function feed(state: PollState, events: readonly ConsulEvent[], options: { acl?: boolean; sentIndex?: string; elapsedMs?: number; interrupted?: boolean; asBytes?: boolean } = {}) {
  const text = JSON.stringify(events);
  const reading = state.read(options.asBytes ? bytesBody(Buffer.from(text)) : textBody(text), (t) => t, 'GET /v1/event/list');
  const answer = { index: indexOfEventList(events), filteredByAcls: options.acl, reading };
  return state.step(answer, { sentIndex: options.sentIndex ?? state.index, elapsedMs: options.elapsedMs ?? 30_000, interrupted: options.interrupted ?? false });
}

const newState = () => new PollState({ filteredByName: false, waitMs: 60_000, retry: { initialDelay: 100, maxDelay: 400 }, seenWindow: 1 });
const ids = (events: readonly ConsulEvent[]) => events.map((e) => e.ID);

describe('PollState.step(answer): what one answer does to a poll', () => {
  it('finds the events it has not seen, in the agent order, across evictions and gossip duplicates', () => {
    const state = newState();
    const [a, b, c, d] = [event(), event(), event(), event()];
    expect(ids(feed(state, [a, b]).fresh)).toEqual(ids([a, b]));
    expect(ids(feed(state, [a, b, c]).fresh)).toEqual(ids([c]));
    expect(ids(feed(state, [b, c, a, d]).fresh)).toEqual(ids([d])); // a gossip copy of a, then d
    expect(state.listedOnce).toEqual([b, c, a, d]);
    expect(ids(feed(state, [b, c, a, d, b]).fresh)).toEqual([]);
    expect(state.listedOnce).toEqual([b, c, a, d]);
  });

  it('keeps the agent list answer after answer while reading only what follows its newest event (property)', () => {
    // A ring of 6: each answer appends up to 3 events (evicting the oldest past 6), or the agent restarts empty.
    const answers = fc.array(fc.record({ appended: fc.nat(3), restart: fc.nat(9).map((n) => n === 0), asBytes: fc.boolean() }), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(answers, (script) => {
        const state = newState();
        let ring: ConsulEvent[] = [];
        const fired: string[] = [];
        const delivered: string[] = [];
        for (const { appended, restart, asBytes } of script) {
          if (restart) ring = [];
          const added = Array.from({ length: appended }, () => event());
          fired.push(...ids(added));
          ring = [...ring, ...added].slice(-6);
          delivered.push(...ids(feed(state, ring, { asBytes }).fresh));
          expect(state.listedOnce).toEqual(ring);
        }
        expect(delivered).toEqual(fired);
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it('returns a gap, an ACL change and a throttle instead of reporting them', () => {
    const state = newState();
    const [a, b] = [event(), event()];
    feed(state, [a]);
    const turned = feed(state, [b]);
    expect(turned.gap).toEqual({ type: 'gap', reason: 'evicted', lastSeenId: a.ID, index: indexOfEventList([b]) });
    const hidden = feed(state, [a], { acl: true }); // b is only hidden now: no gap
    expect([hidden.gap, hidden.aclChange]).toEqual([undefined, { type: 'acl-filtered', filtered: true }]);
    const idle = feed(state, [a], { acl: true, elapsedMs: 3 });
    expect(idle.throttled).toEqual({ type: 'throttled', streak: 1, delayMs: idle.nextDelayMs });
    expect(idle.nextDelayMs).toBeGreaterThanOrEqual(50);
  });

  it('keeps the index of the last answer as an opaque string, to send back as is', () => {
    const state = newState();
    const a = event();
    feed(state, [a]);
    expect(state.index).toBe(indexOfEventList([a]));
  });
});
