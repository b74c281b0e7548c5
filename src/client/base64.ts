/**
 * Canonical standard base64 (RFC 4648 §4, padded), together with a length that is a
 * multiple of 4: characters from `A–Z a–z 0–9 + /`, optionally ending in `x==` or `x=`
 * where `x` leaves the bits under the padding zero. This is exactly what Consul (Go's
 * `encoding/json`) produces. A plain character run, not a repeated group of four: V8
 * backtracks through a repeated group on its call stack, which overflows near 4.4 MB.
 */
const CANONICAL_BASE64 = /^[A-Za-z0-9+/]*(?:[AQgw]==|[AEIMQUYcgkosw048]=)?$/;

/** Why `text` is not canonical base64, for the error message (called only on failure). */
function whyInvalid(text: string): string {
  if (text.length % 4 !== 0) return `its length (${text.length}) is not a multiple of 4`;
  const stray = /[^A-Za-z0-9+/=]/.exec(text);
  if (stray) return `it contains ${JSON.stringify(stray[0])} at position ${stray.index}, outside the standard alphabet`;
  return 'its padding is misplaced or not canonical';
}

/**
 * Decodes canonical standard base64 to bytes, in Node and in browsers (`atob`, no
 * `Buffer`).
 *
 * Strict where `atob` and `Buffer.from(…, 'base64')` are lenient: whitespace, missing or
 * extra padding, the URL-safe alphabet (`-_`) and non-zero bits under the padding are all
 * rejected, so two different strings never decode to the same bytes. `''` decodes to an
 * empty array; any size decodes (no recursion on the input's length).
 *
 * @example
 * ```ts
 * import { base64ToBytes } from 'rx-consul-events';
 *
 * console.log(base64ToBytes('djEuMi4z')); // Uint8Array(6) [ 118, 49, 46, 50, 46, 51 ]
 * base64ToBytes('djEuMi4'); // throws SyntaxError: Invalid base64: its length (7) is not a multiple of 4
 * ```
 *
 * @param text standard base64 with padding, as Consul sends event payloads
 * @returns the decoded bytes
 * @throws SyntaxError when `text` is not canonical standard base64; the message says why
 */
export function base64ToBytes(text: string): Uint8Array {
  if (text.length % 4 !== 0 || !CANONICAL_BASE64.test(text)) throw new SyntaxError(`Invalid base64: ${whyInvalid(text)}`);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Exactly the fired bytes: invalid UTF-8 throws, a leading BOM is kept. Stateless between calls, so shared. */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Decodes a base64 payload to the UTF-8 text it holds, exactly (a leading BOM is kept):
 * what `decodePayload('text')` delivers.
 *
 * @example
 * ```ts
 * base64ToText('djEuMi4z'); // 'v1.2.3'
 * base64ToText('/w==');     // throws TypeError: the byte 0xFF is not UTF-8
 * ```
 *
 * @throws SyntaxError for base64 that is not canonical, TypeError for bytes that are not UTF-8
 */
export function base64ToText(text: string): string {
  return utf8.decode(base64ToBytes(text));
}
