import type { ConsulEvent } from './event';
import { fireRejection } from './fire-validation';
import { goPatternError } from './go-regexp';
import { gossipSizeRejection } from './gossip-size';
import { createUserEvent, encodePayload, type EventFilters } from './user-event';

/**
 * A fire the agent accepted: what the fire endpoint answers, and the copy that goes out
 * over gossip (and into the buffers of the agents it selects) with its Lamport time.
 *
 * @example
 * ```ts
 * const accepted: AcceptedFire = { answer: { ...event, LTime: 0 }, gossiped: { ...event, LTime: 7 } };
 * ```
 */
export interface AcceptedFire {
  answer: ConsulEvent;
  gossiped: ConsulEvent;
}

/**
 * Runs a fire through the agent's checks in its order (name and filters, then the gossip
 * size limit, refused as `error broadcasting event: <serf's text>`) and builds the event. Returns the agent's refusal text instead when a check
 * fails; nothing is sent then, so the Lamport clock must not advance. The size is checked
 * from the payload's length before the payload is encoded, so a huge payload costs no
 * more than its own bytes.
 *
 * @example
 * ```ts
 * acceptFiredEvent('deploy', payloadBytes('v1'), {}, 7);
 * // { answer: { ID: '…', Name: 'deploy', Payload: 'djE=', …, LTime: 0 }, gossiped: { …same, LTime: 7 } }
 * acceptFiredEvent('deploy', null, { tag: 'canary' }, 7);
 * // { rejection: 'Cannot provide tag filter without service filter' }
 * ```
 */
export function acceptFiredEvent(
  name: string,
  payload: Uint8Array | null,
  filters: EventFilters,
  lamportTime: number,
): AcceptedFire | { rejection: string } {
  const invalid = fireRejection(name, filters, goPatternError);
  if (invalid) return { rejection: invalid };
  const withoutPayload = createUserEvent(name, null, filters);
  const tooLarge = gossipSizeRejection(withoutPayload, payload, lamportTime);
  // The Consul server wraps serf's error (agent/consul/server_ce.go LANSendUserEvent, 1.14+).
  if (tooLarge) return { rejection: `error broadcasting event: ${tooLarge}` };
  const answer = { ...withoutPayload, Payload: encodePayload(payload) };
  return { answer, gossiped: { ...answer, LTime: lamportTime } };
}
