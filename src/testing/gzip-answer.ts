import type { EmulatedAnswer } from './emulated-http';

/**
 * The agent's gzip handler's `DefaultMinSize` (NYTimes/gziphandler, which agent/http.go
 * wraps every endpoint in): shorter answers are sent as they are.
 */
export const GZIP_MIN_SIZE = 1400;

/**
 * An answer as it goes on the wire: the body as text, or as bytes once compressed.
 *
 * @example
 * ```ts
 * const wire: WireAnswer = { kind: 'response', status: 200, headers: { 'Content-Encoding': 'gzip' }, body: gzipped };
 * ```
 */
export type WireAnswer =
  | { kind: 'response'; status: number; headers: Record<string, string>; body: string | Uint8Array }
  | { kind: 'reset' };

/**
 * Whether an `Accept-Encoding` value accepts gzip as gziphandler reads it: comma-separated
 * codings, each with an optional `q=` (0 refuses; an unparsable q drops the coding).
 *
 * @example
 * ```ts
 * acceptsGzip('gzip, deflate, br'); // true
 * acceptsGzip('gzip;q=0');          // false
 * acceptsGzip(null);                // false
 * ```
 */
export function acceptsGzip(acceptEncoding: string | null): boolean {
  let qvalue: number | undefined;
  for (const coding of (acceptEncoding ?? '').split(',')) {
    const [name = '', ...parameters] = coding.split(';').map((part) => part.trim());
    if (name.toLowerCase() !== 'gzip') continue;
    let q = 1;
    let valid = true;
    for (const parameter of parameters) {
      q = 1; // gziphandler resets the q value on each parameter
      if (!parameter.startsWith('q=')) continue;
      q = Number(parameter.slice(2));
      valid = parameter.length > 2 && !Number.isNaN(q);
    }
    if (valid) qvalue = Math.min(1, Math.max(0, q));
  }
  return (qvalue ?? 0) > 0;
}

/**
 * Sends an endpoint's answer through the agent's gzip handler: `Vary: Accept-Encoding` on
 * every answer, and a body of {@link GZIP_MIN_SIZE} bytes or more gzipped (with
 * `Content-Encoding: gzip`) when the request accepts gzip. Uses `CompressionStream`, so it
 * works in browsers too.
 *
 * @example
 * ```ts
 * await throughGzipHandler(answer, request.headers.get('Accept-Encoding'));
 * ```
 */
export async function throughGzipHandler(answer: EmulatedAnswer, acceptEncoding: string | null): Promise<WireAnswer> {
  if (answer.kind === 'reset') return answer;
  const headers = { ...answer.headers, Vary: 'Accept-Encoding' };
  const bytes = new TextEncoder().encode(answer.body);
  if (bytes.length < GZIP_MIN_SIZE || !acceptsGzip(acceptEncoding)) return { ...answer, headers };
  const gzipped = new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
  return { ...answer, headers: { ...headers, 'Content-Encoding': 'gzip' }, body: gzipped };
}
