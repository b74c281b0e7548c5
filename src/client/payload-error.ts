/**
 * What {@link decodePayload} turns `Payload` into: a UTF-8 string, raw bytes, or parsed JSON.
 *
 * @example
 * ```ts
 * import { decodePayload, type PayloadFormat } from 'rx-consul-events';
 *
 * const format: PayloadFormat = process.env.PAYLOAD_FORMAT === 'json' ? 'json' : 'text';
 * consulEvents$('deploy').pipe(decodePayload(format));
 * ```
 */
export type PayloadFormat = 'text' | 'bytes' | 'json';

/**
 * An event's payload could not be decoded in the requested format: it is not canonical
 * base64, not UTF-8 (`'text'`, `'json'`) or not JSON (`'json'`). The original failure is
 * the `cause`.
 *
 * It is not a {@link ConsulError}: the agent answered fine and nothing is retried; the
 * bytes someone fired are simply not what this reader expects.
 *
 * @example
 * ```ts
 * import { consulEvents$, decodePayload, ConsulPayloadError } from 'rx-consul-events';
 *
 * consulEvents$('deploy').pipe(decodePayload('json')).subscribe({
 *   error: (err) => {
 *     if (err instanceof ConsulPayloadError) console.error(err.message);
 *   },
 * });
 * // after `consul event -name=deploy '{oops'`:
 * // Payload of event 0b4fe1a6-2f8d-9c3e-51aa-6d07c4e2b9f1 ("deploy") cannot be decoded as json: Expected property name or '}' in JSON at position 1
 * ```
 */
export class ConsulPayloadError extends Error {
  override readonly name = 'ConsulPayloadError';

  constructor(
    /** `ID` of the event whose payload failed. */
    readonly eventId: string,
    /** `Name` of that event. */
    readonly eventName: string,
    /** The format that was asked for. */
    readonly format: PayloadFormat,
    cause: unknown,
  ) {
    const reason = (cause as { message?: unknown } | null)?.message; // duck-typed: errors from another realm are not `instanceof Error`
    super(
      `Payload of event ${eventId} (${JSON.stringify(eventName)}) cannot be decoded as ${format}: ${typeof reason === 'string' ? reason : String(cause)}`,
      { cause },
    );
  }
}
