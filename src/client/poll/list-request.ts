import { isConsulIndex } from '../../consul/consul-index';
import { ConsulHttpError, ConsulResponseError } from '../errors';
import type { ConsulHttpClient, HttpAnswer } from '../transport/http-client';
import type { AnswerBody } from '../transport/answer-body';
import { parseRetryAfter } from './retry-after';

/** One answer of `GET /v1/event/list`, its headers validated and its body read. */
export interface EventListAnswer<Reading> {
  /** `X-Consul-Index`, an opaque decimal string. */
  readonly index: string;
  /**
   * `X-Consul-Results-Filtered-By-ACLs`: `true` when events were hidden from this token;
   * `undefined` when the agent did not say (Consul sends it only as `true`, from 1.11 on).
   */
  readonly filteredByAcls: boolean | undefined;
  /** What the body reader made of the body. */
  readonly reading: Reading;
}

/**
 * Reads a 2xx body; throws a `ConsulResponseError` for one it cannot use. `redact` cleans
 * text before a piece of it is quoted, `request` names the request in the error.
 */
export type ListBodyReader<Reading> = (body: AnswerBody, redact: (text: string) => string, request: string) => Reading;

/** What one long-poll asks for. */
export interface EventListQuery {
  /** Event name the agent filters on, or `undefined` for every event the token can read. */
  readonly name: string | undefined;
  /** Index to block on; `undefined` answers at once. */
  readonly index: string | undefined;
  /** Go duration, e.g. `60s`. */
  readonly wait: string;
  readonly timeoutMs: number;
}

/** `/v1/event/list?…` for a query; the token is never part of it. */
export function eventListPath({ name, index, wait }: EventListQuery): string {
  const nameParam = name === undefined ? '' : `name=${encodeURIComponent(name)}&`;
  const indexParam = index === undefined ? '' : `index=${index}&`;
  return `/v1/event/list?${nameParam}${indexParam}wait=${wait}`;
}

/** The validated answer; throws the `ConsulHttpError` or `ConsulResponseError` it deserves. */
function toAnswer<Reading>(answer: HttpAnswer, read: ListBodyReader<Reading>, request: string): EventListAnswer<Reading> {
  if (!answer.ok) {
    throw new ConsulHttpError(answer.status, answer.body, request, parseRetryAfter(answer.header('retry-after')));
  }
  const index = answer.header('x-consul-index');
  if (index === undefined) throw new ConsulResponseError('X-Consul-Index is missing', request);
  if (!isConsulIndex(index)) {
    throw new ConsulResponseError(`X-Consul-Index ${JSON.stringify(answer.redact(index).slice(0, 64))} is not a 64-bit decimal`, request);
  }
  const aclHeader = answer.header('x-consul-results-filtered-by-acls');
  const filteredByAcls = aclHeader === undefined ? undefined : aclHeader === 'true';
  return { index, filteredByAcls, reading: read(answer.content, answer.redact, request) };
}

/**
 * Sends one `GET /v1/event/list` and calls `done` once with its validated answer, or with
 * the `ConsulHttpError` of a non-2xx status, the `ConsulResponseError` of a missing or
 * garbage `X-Consul-Index` or of a body `read` refuses (the whole answer is refused, never
 * part of it), or the transport's error. Returns the function that cancels it: `done` is
 * then never called.
 *
 * @example
 * ```ts
 * const cancel = sendEventListRequest(client, { name: undefined, index: '42', wait: '60s', timeoutMs: 68_750 }, (body) => body.length,
 *   (error, answer) => console.log(error ?? answer)); // { index: '7256511592453824992', filteredByAcls: undefined, reading: 412 }
 * ```
 */
export function sendEventListRequest<Reading>(
  client: ConsulHttpClient,
  query: EventListQuery,
  read: ListBodyReader<Reading>,
  done: (error: unknown, answer?: EventListAnswer<Reading>) => void,
): () => void {
  const path = eventListPath(query);
  let settled = false;
  const cancel = client.send('GET', path, { timeoutMs: query.timeoutMs }, (error, answer) => {
    settled = true;
    if (error !== undefined) return done(error);
    let listAnswer: EventListAnswer<Reading>;
    try {
      listAnswer = toAnswer(answer!, read, `GET ${path}`);
    } catch (failure) {
      return done(failure);
    }
    done(undefined, listAnswer);
  });
  // Cancel only a request still in flight: nothing is left to free once it has answered.
  return () => {
    if (!settled) cancel();
  };
}
