import { filter, map, pipe, type OperatorFunction } from 'rxjs';
import type { ConsulEvent } from '../consul/event';
import { base64ToBytes, base64ToText } from './base64';
import { optionChecks } from './options/option-checks';
import { ConsulPayloadError, type PayloadFormat } from './payload-error';

/**
 * A {@link ConsulEvent} whose `Payload` is decoded: `null` still means "fired without a payload".
 *
 * @example
 * ```ts
 * import { consulEvents$, decodePayload, type DecodedEvent } from 'rx-consul-events';
 *
 * const show = (event: DecodedEvent<string>) => console.log(event.Name, event.Payload ?? '(none)');
 * consulEvents$('deploy').pipe(decodePayload('text')).subscribe(show); // deploy v1.2.3
 * ```
 */
export interface DecodedEvent<T> extends Omit<ConsulEvent, 'Payload'> {
  Payload: T | null;
}

/**
 * A {@link DecodedEvent} from `onError: 'attach'`: when decoding failed, `Payload` is `null` and `PayloadError` says why.
 *
 * @example
 * ```ts
 * consulEvents$('config').pipe(decodePayload('json', { onError: 'attach' })).subscribe((event) => {
 *   if (event.PayloadError) console.warn(event.ID, event.PayloadError.message);
 *   else apply(event.Payload);
 * });
 * ```
 */
export interface DecodedEventWithError<T> extends DecodedEvent<T> {
  PayloadError?: ConsulPayloadError;
}

/**
 * What {@link decodePayload} does with a payload it cannot decode. One of three policies:
 * - `{ onError: 'error' }` (the default) errors the stream with a {@link ConsulPayloadError};
 * - `{ onError: 'skip', onSkip? }` drops the event and calls `onSkip(error, event)` if given
 *   (if `onSkip` throws, the stream errors with that, as any throwing RxJS callback does);
 * - `{ onError: 'attach' }` delivers it with `Payload: null` and the error in `PayloadError`.
 *
 * @example
 * ```ts
 * import type { DecodePayloadOptions } from 'rx-consul-events';
 *
 * const lenient: DecodePayloadOptions = { onError: 'skip', onSkip: (err) => console.warn(err.message) };
 * ```
 */
export type DecodePayloadOptions =
  | { onError?: 'error' }
  | { onError: 'skip'; onSkip?: (error: ConsulPayloadError, event: ConsulEvent) => void }
  | { onError: 'attach' };

/**
 * The decoded payload per format (JSON as `unknown` unless a `T` is given).
 *
 * @example
 * ```ts
 * import type { PayloadTypes } from 'rx-consul-events';
 *
 * type Bytes = PayloadTypes['bytes']; // Uint8Array
 * ```
 */
export interface PayloadTypes {
  text: string;
  bytes: Uint8Array;
  json: unknown;
}

const FORMATS: readonly PayloadFormat[] = ['text', 'bytes', 'json'];
const POLICIES = ['error', 'skip', 'attach'] as const;
const check = optionChecks('decodePayload');

const decoders: Record<PayloadFormat, (base64: string) => unknown> = {
  bytes: base64ToBytes,
  text: base64ToText,
  json: (base64) => JSON.parse(base64ToText(base64)),
};

type Policy = (typeof POLICIES)[number];
type OnSkip = (error: ConsulPayloadError, event: ConsulEvent) => void;

function checkOptions(options: unknown): { onError: Policy; onSkip: OnSkip | undefined } {
  if (options === undefined) return { onError: 'error', onSkip: undefined };
  check.knownKeys('options', check.object('options', options), ['onError', 'onSkip']);
  const { onError = 'error', onSkip } = options as { onError?: unknown; onSkip?: unknown };
  if (!POLICIES.includes(onError as Policy)) {
    throw new TypeError(check.fail('options.onError', "'error', 'skip' or 'attach'", onError));
  }
  if (onSkip !== undefined && typeof onSkip !== 'function') {
    throw new TypeError(check.fail('options.onSkip', 'a function', onSkip));
  }
  if (onSkip !== undefined && onError !== 'skip') {
    throw new TypeError(`decodePayload: options.onSkip is called only with onError: 'skip', got onError: ${JSON.stringify(onError)}`);
  }
  return { onError: onError as Policy, onSkip: onSkip as OnSkip | undefined };
}

/**
 * Decodes each event's base64 `Payload`: to a UTF-8 string (`'text'`, the default), to
 * bytes (`'bytes'`), or to parsed JSON (`'json'`, typed as `T`). Other fields pass
 * through unchanged; the input event is not mutated.
 *
 * - `Payload: null` (fired without a body) stays `null`, in every format; with `'json'`,
 *   a payload that is the JSON literal `null` gives `null` too.
 * - Strict: base64 must be canonical (standard alphabet, correct padding), UTF-8 must be
 *   valid (no replacement characters), JSON must parse. A payload that fails is never
 *   passed on as if fine, and never ends the stream without saying why: see
 *   {@link DecodePayloadOptions}. The default, `onError: 'error'`, errors the stream with
 *   a {@link ConsulPayloadError}, because the conservative choice is to stop rather than
 *   silently lose an event; choose `'skip'` or `'attach'` to keep watching.
 * - `'json'` does not check the parsed value against `T`; validate it if the sender is
 *   not trusted.
 * - Works in Node and in browsers (`atob` and `TextDecoder`, no `Buffer`). Options are
 *   checked when `decodePayload` is called: bad ones throw a `TypeError` naming them.
 *
 * @example
 * ```ts
 * import { consulEvents$, decodePayload } from 'rx-consul-events';
 *
 * interface Deploy { service: string; version: string }
 *
 * consulEvents$('deploy')
 *   .pipe(decodePayload<Deploy>('json', { onError: 'skip', onSkip: (err) => console.warn(err.message) }))
 *   .subscribe((event) => console.log(event.Payload?.service, event.Payload?.version));
 * // after `consul event -name=deploy '{"service":"web","version":"1.2.3"}'`: web 1.2.3
 * ```
 *
 * @param format `'text'`, `'bytes'` or `'json'`; default `'text'`
 * @param options what to do with a payload that cannot be decoded; default `{ onError: 'error' }`
 * @returns an operator from {@link ConsulEvent} to {@link DecodedEvent} (or
 *   {@link DecodedEventWithError} with `onError: 'attach'`)
 */
export function decodePayload<T = unknown>(format: 'json', options: { onError: 'attach' }): OperatorFunction<ConsulEvent, DecodedEventWithError<T>>;
/** Decodes each event's `Payload` as JSON, typed as `T` (not checked at run time). */
export function decodePayload<T = unknown>(format: 'json', options?: DecodePayloadOptions): OperatorFunction<ConsulEvent, DecodedEvent<T>>;
/** Decodes each event's `Payload` in `format`; failures are attached to the event. */
export function decodePayload<F extends PayloadFormat = 'text'>(format: F | undefined, options: { onError: 'attach' }): OperatorFunction<ConsulEvent, DecodedEventWithError<PayloadTypes[F]>>;
/** Decodes each event's `Payload` to a UTF-8 string (`'text'`, the default), to bytes (`'bytes'`) or to JSON. */
export function decodePayload<F extends PayloadFormat = 'text'>(format?: F, options?: DecodePayloadOptions): OperatorFunction<ConsulEvent, DecodedEvent<PayloadTypes[F]>>;
export function decodePayload(
  format: PayloadFormat = 'text',
  options?: DecodePayloadOptions,
): OperatorFunction<ConsulEvent, DecodedEventWithError<unknown>> {
  if (!FORMATS.includes(format)) throw new TypeError(check.fail('format', "'text', 'bytes' or 'json'", format));
  const { onError, onSkip } = checkOptions(options);
  const decode = decoders[format];

  /** The decoded event, or `undefined` when the 'skip' policy drops it. */
  const decodeEvent = (event: ConsulEvent): DecodedEventWithError<unknown> | undefined => {
    if (event.Payload === null) return { ...event, Payload: null };
    try {
      return { ...event, Payload: decode(event.Payload) };
    } catch (cause) {
      const error = new ConsulPayloadError(event.ID, event.Name, format, cause);
      if (onError === 'error') throw error;
      if (onError === 'attach') return { ...event, Payload: null, PayloadError: error };
      onSkip?.(error, event);
      return undefined;
    }
  };

  return pipe(
    map(decodeEvent),
    filter((event): event is DecodedEventWithError<unknown> => event !== undefined),
  );
}
