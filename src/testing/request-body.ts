import type { Readable } from 'node:stream';
import { USER_EVENT_SIZE_LIMIT } from '../consul/gossip-size';

/**
 * What Go's HTTP server discards of a request body the handler did not read, to keep the
 * connection (`maxPostHandlerReadBytes` in net/http); past it, it answers with
 * `Connection: close` and closes.
 */
export const MAX_DISCARDED_BODY_BYTES = 256 * 1024;

/**
 * Payload bytes worth keeping: any payload longer than the gossip message limit is refused
 * with the same text whatever its length, so the bytes past this many never change an
 * answer.
 */
export const MAX_KEPT_PAYLOAD_BYTES = USER_EVENT_SIZE_LIMIT + 1;

/**
 * How the agent treats a request body: read in full (a fire with a known length, which
 * the agent copies into the payload), or left unread and discarded by Go's server.
 *
 * @example
 * ```ts
 * const plan: BodyPlan = { agentReads: true, declaredLength: 12 };
 * ```
 */
export interface BodyPlan {
  /** The agent reads the body (a `PUT` with a known length above 0). */
  agentReads: boolean;
  /** The `Content-Length`, or `undefined` for a body of unknown length (chunked, or HTTP/2 without one). */
  declaredLength: number | undefined;
}

/**
 * A request body as the emulator keeps it: at most {@link MAX_KEPT_PAYLOAD_BYTES} of a body
 * the agent reads, nothing of one it does not.
 *
 * @example
 * ```ts
 * const body: ReadBody = { kept: new Uint8Array(0), leftUnread: true }; // a 10 MB chunked body
 * ```
 */
export interface ReadBody {
  /** The first bytes of a body the agent reads (all of it up to the limit); empty otherwise. */
  kept: Uint8Array;
  /** Bytes of the body were left on the wire: the connection must close after the answer. */
  leftUnread: boolean;
}

/**
 * Reads a request body within fixed bounds, never buffering more than a few hundred bytes:
 * a body the agent reads is consumed to its end (as the agent's `io.Copy` does) keeping
 * only its first {@link MAX_KEPT_PAYLOAD_BYTES}; any other body is discarded up to
 * {@link MAX_DISCARDED_BODY_BYTES}, as Go's server does, and the rest left unread (at once
 * when its declared length is already over). Resolves `undefined` when the client went
 * away before the body ended.
 *
 * @example
 * ```ts
 * const body = await readBoundedBody(req, { agentReads: true, declaredLength: 20_000_000 });
 * body?.kept.length; // 513: enough for the agent's answer, a payload too large
 * ```
 */
export function readBoundedBody(stream: Readable, plan: BodyPlan): Promise<ReadBody | undefined> {
  const keepLimit = plan.agentReads ? MAX_KEPT_PAYLOAD_BYTES : 0;
  const discardLimit = plan.agentReads ? Infinity : MAX_DISCARDED_BODY_BYTES;
  if (plan.declaredLength === 0) return Promise.resolve({ kept: new Uint8Array(0), leftUnread: false });
  if (!plan.agentReads && (plan.declaredLength ?? 0) > discardLimit) {
    return Promise.resolve({ kept: new Uint8Array(0), leftUnread: true });
  }
  return new Promise((resolve) => {
    const kept = new Uint8Array(keepLimit);
    let keptLength = 0;
    let total = 0;
    const finish = (result: ReadBody | undefined): void => {
      stream.off('data', onData).off('end', onEnd).off('close', onClose).off('error', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      const room = keepLimit - keptLength;
      if (room > 0) {
        kept.set(chunk.subarray(0, room), keptLength);
        keptLength += Math.min(room, chunk.length);
      }
      total += chunk.length;
      if (total > discardLimit) {
        stream.pause();
        finish({ kept: kept.slice(0, keptLength), leftUnread: true });
      }
    };
    const onEnd = (): void => finish({ kept: kept.slice(0, keptLength), leftUnread: false });
    const onClose = (): void => finish(undefined);
    stream.on('data', onData).once('end', onEnd).once('close', onClose).once('error', onClose);
  });
}
