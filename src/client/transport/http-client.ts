import { textBody, type AnswerBody } from './answer-body';

/** The largest response body a transport accepts: 256 events of the largest gossip size fit many times over. */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** A response as the rest of the client sees it: no transport types past the transports. */
export interface HttpAnswer {
  readonly status: number;
  /** Whether the status is 2xx. */
  readonly ok: boolean;
  /** The body as text (decoded when first read); for a non-2xx status, with the ACL token redacted (such bodies only end up in error messages). */
  readonly body: string;
  /** The body as it arrived, for readers that search it without decoding it whole (a 2xx body only: others are redacted text). */
  readonly content: AnswerBody;
  /** A response header by lower-case name; duplicated headers arrive comma-joined. */
  header(name: string): string | undefined;
  /** `text` with every occurrence of the ACL token replaced, before quoting a body in an error message. */
  redact(text: string): string;
}

/** What one request carries besides its method and path. */
export interface HttpRequestOptions {
  /** Deadline for the whole exchange, from send to the last byte of the answer (not socket inactivity). */
  readonly timeoutMs: number;
  readonly body?: Uint8Array;
}

/** Called once with the answer or a `ConsulError`, unless the request was cancelled first. */
export type HttpDone = (error: unknown, answer?: HttpAnswer) => void;

/** One agent connection: sends requests, then `close()` frees its sockets. */
export interface ConsulHttpClient {
  /**
   * Sends one request and calls `done` as soon as the answer is complete (no promise in
   * between: the long-poll delivers before the socket's housekeeping). Returns the function
   * that cancels it; `done` is never called after a cancel, and nothing is built for it.
   */
  send(method: 'GET' | 'PUT', pathAndQuery: string, options: HttpRequestOptions, done: HttpDone): () => void;
  close(): void;
}

/**
 * {@link ConsulHttpClient.send} as a promise, for one-off requests. An aborted `signal`
 * cancels the request and rejects with the signal's reason.
 */
export function sendRequest(
  client: ConsulHttpClient,
  method: 'GET' | 'PUT',
  pathAndQuery: string,
  options: HttpRequestOptions & { readonly signal?: AbortSignal },
): Promise<HttpAnswer> {
  const { signal } = options;
  return new Promise<HttpAnswer>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      cancel();
      reject(signal?.reason);
    };
    const cancel = client.send(method, pathAndQuery, options, (error, answer) => {
      signal?.removeEventListener('abort', onAbort);
      if (error !== undefined) reject(error);
      else resolve(answer!);
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The answer a transport hands over, made the same way by every transport: the status
 * judged once, and a non-2xx body redacted (such bodies only end up in error messages).
 * A body given as bytes is decoded only if its text is asked for.
 *
 * @example
 * ```ts
 * httpAnswer(403, 'ACL not found', () => undefined, (text) => text).ok; // false
 * ```
 */
export function httpAnswer(
  status: number,
  body: string | AnswerBody,
  header: (name: string) => string | undefined,
  redact: (text: string) => string,
): HttpAnswer {
  return new Answer(status, typeof body === 'string' ? textBody(body) : body, header, redact);
}

class Answer implements HttpAnswer {
  readonly ok: boolean;
  readonly content: AnswerBody;

  constructor(
    readonly status: number,
    arrived: AnswerBody,
    readonly header: (name: string) => string | undefined,
    readonly redact: (text: string) => string,
  ) {
    this.ok = status >= 200 && status <= 299;
    this.content = this.ok ? arrived : textBody(redact(arrived.text()));
  }

  get body(): string {
    return this.content.text();
  }
}
