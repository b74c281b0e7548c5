import type { ConsulEvent } from './event';

/**
 * Serf's default `UserEventSizeLimit`: the most bytes one user-event gossip message may
 * take. The payload shares it with the event name (twice), the ID, the filters and the
 * encoding, so about `415 − 2·len(name)` bytes of payload fit; Consul's docs say to keep
 * payloads under 100 bytes.
 *
 * @example
 * ```ts
 * console.log(`payloads must fit in ${USER_EVENT_SIZE_LIMIT} bytes of gossip`);
 * ```
 */
export const USER_EVENT_SIZE_LIMIT = 512;
/** Prefix the Consul server adds to the serf event name (`userEventPrefix`). */
const SERF_NAME_PREFIX = 'consul:event:';
const utf8 = new TextEncoder();

/**
 * Serf's refusal text when the event would not fit one gossip message, or `undefined`
 * when it fits. Mirrors the two checks in serf's `UserEvent`: name plus encoded event
 * before framing, then the whole framed message.
 *
 * The sizes model the msgpack encodings involved (Consul encodes the event with the new
 * spec, serf frames it with the old one); they match the agent to within a few bytes.
 *
 * @example
 * ```ts
 * const event = createUserEvent('deploy', payload, {});
 * gossipSizeRejection(event, new Uint8Array(100), 1); // undefined
 * gossipSizeRejection(event, new Uint8Array(450), 1);
 * // 'encoded user event exceeds configured limit of 512 bytes after encoding'
 * ```
 */
export function gossipSizeRejection(event: ConsulEvent, payload: Uint8Array | null, lamportTime: number): string | undefined {
  const serfName = utf8.encode(SERF_NAME_PREFIX + event.Name).length;
  const encodedEvent = consulEncodedSize(event, payload);
  if (serfName + encodedEvent > USER_EVENT_SIZE_LIMIT) {
    return `user event exceeds configured limit of ${USER_EVENT_SIZE_LIMIT} bytes before encoding`;
  }
  const framed =
    1 + // message type byte
    1 + // map of 4 fields
    oldRaw('LTime'.length) + uintSize(lamportTime) +
    oldRaw('Name'.length) + oldRaw(serfName) +
    oldRaw('Payload'.length) + oldRaw(encodedEvent) +
    oldRaw('CC'.length) + 1;
  if (framed > USER_EVENT_SIZE_LIMIT) {
    return `encoded user event exceeds configured limit of ${USER_EVENT_SIZE_LIMIT} bytes after encoding`;
  }
  return undefined;
}

/** Size of the agent's msgpack of the event: keys ID, n, p, nf, sf, tf (when set) and v. */
function consulEncodedSize(event: ConsulEvent, payload: Uint8Array | null): number {
  const fields: Array<[key: string, valueSize: number]> = [
    ['ID', newStr(utf8.encode(event.ID).length)],
    ['n', newStr(utf8.encode(event.Name).length)],
  ];
  if (payload) fields.push(['p', newBin(payload.length)]);
  if (event.NodeFilter) fields.push(['nf', newStr(utf8.encode(event.NodeFilter).length)]);
  if (event.ServiceFilter) fields.push(['sf', newStr(utf8.encode(event.ServiceFilter).length)]);
  if (event.TagFilter) fields.push(['tf', newStr(utf8.encode(event.TagFilter).length)]);
  fields.push(['v', uintSize(event.Version)]);
  const mapHeader = 1;
  return fields.reduce((total, [key, valueSize]) => total + newStr(key.length) + valueSize, mapHeader);
}

/** New-spec string: header + bytes. */
function newStr(length: number): number {
  const header = length <= 31 ? 1 : length <= 0xff ? 2 : length <= 0xffff ? 3 : 5;
  return header + length;
}

/** New-spec binary: header + bytes. */
function newBin(length: number): number {
  return (length <= 0xff ? 2 : length <= 0xffff ? 3 : 5) + length;
}

/** Old-spec raw (strings and bytes alike): header + bytes. */
function oldRaw(length: number): number {
  return (length <= 31 ? 1 : length <= 0xffff ? 3 : 5) + length;
}

function uintSize(value: number): number {
  return value <= 0x7f ? 1 : value <= 0xff ? 2 : value <= 0xffff ? 3 : value <= 0xffffffff ? 5 : 9;
}
