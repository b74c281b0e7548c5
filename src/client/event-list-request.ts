import { Observable } from 'rxjs';
import type { ConsulEvent } from '../consul/event';
import { isConsulIndex } from '../consul/consul-index';
import { ConsulHttpError, ConsulResponseError } from './errors';
import { parseEventList, parseEventsAfter } from './event-list-body';
import type { ConsulHttpClient, HttpAnswer } from './http-client';
import { parseRetryAfter } from './retry-after';

/** One answer of `GET /v1/event/list`, validated. */
export interface EventListPage {
  /** The agent's (filtered) buffer, oldest first; only the events after `after` when that is set. */
  readonly events: readonly ConsulEvent[];
  /** `X-Consul-Index`, an opaque decimal string. */
  readonly index: string;
  /**
   * `X-Consul-Results-Filtered-By-ACLs`: whether events were hidden from this token;
   * `undefined` when the agent did not say (it says only to a request with a token, from
   * Consul 1.11 on).
   */
  readonly filteredByAcls: boolean | undefined;
  /** Set when the event with this ID (the query's `after`) is still listed and only what follows it was read. */
  readonly after?: string;
}

/** What one long-poll asks for. */
export interface EventListQuery {
  readonly name: string | undefined;
  /** Index to block on; `undefined` answers at once. */
  readonly index: string | undefined;
  /** Go duration, e.g. `60s`. */
  readonly wait: string;
  readonly timeoutMs: number;
  /** ID of the newest event already handled: while it is still listed, only what follows it is read. */
  readonly after?: string | undefined;
}

/** `/v1/event/list?…` for a query; the token is never part of it. */
export function eventListPath({ name, index, wait }: EventListQuery): string {
  const params = [
    ...(name !== undefined ? [`name=${encodeURIComponent(name)}`] : []),
    ...(index !== undefined ? [`index=${index}`] : []),
    `wait=${wait}`,
  ];
  return `/v1/event/list?${params.join('&')}`;
}

/** The validated page of one answer; throws the `ConsulHttpError` or `ConsulResponseError` it deserves. */
function toPage(answer: HttpAnswer, query: EventListQuery, request: string): EventListPage {
  if (answer.status < 200 || answer.status > 299) {
    throw new ConsulHttpError(answer.status, answer.body, request, parseRetryAfter(answer.header('retry-after')));
  }
  const index = answer.header('x-consul-index');
  if (index === undefined) throw new ConsulResponseError('X-Consul-Index is missing', request);
  if (!isConsulIndex(index)) {
    throw new ConsulResponseError(`X-Consul-Index ${JSON.stringify(answer.redact(index).slice(0, 64))} is not a 64-bit decimal`, request);
  }
  const aclHeader = answer.header('x-consul-results-filtered-by-acls');
  const filteredByAcls = aclHeader === undefined ? undefined : aclHeader === 'true';
  const after = query.after;
  const tail = after === undefined ? undefined : parseEventsAfter(answer.body, after);
  return tail !== undefined
    ? { events: tail, index, filteredByAcls, after: after! }
    : { events: parseEventList(answer.body, answer.redact, request), index, filteredByAcls };
}

/**
 * Sends one `GET /v1/event/list` and emits its validated page, then completes.
 * Unsubscribing cancels the request at once. Fails with a `ConsulHttpError` for a non-2xx
 * status and a `ConsulResponseError` for a body or `X-Consul-Index` the client cannot use:
 * not a JSON array, more than 1024 events, or an event without a string `ID` and `Name`
 * and a string-or-null `Payload` (the whole answer is refused, never part of it). With
 * `query.after` set and that event still listed, only the events after it are read and
 * checked, and the page says so.
 */
export function requestEventList(client: ConsulHttpClient, query: EventListQuery): Observable<EventListPage> {
  return new Observable<EventListPage>((subscriber) => {
    const path = eventListPath(query);
    const request = `GET ${path}`;
    let settled = false;
    const cancel = client.send('GET', path, { timeoutMs: query.timeoutMs }, (error, answer) => {
      settled = true;
      if (error !== undefined) return subscriber.error(error);
      let page: EventListPage;
      try {
        page = toPage(answer!, query, request);
      } catch (failure) {
        return subscriber.error(failure);
      }
      subscriber.next(page);
      subscriber.complete();
    });
    // Cancel only a request still in flight: nothing is left to free once it has answered.
    return () => {
      if (!settled) cancel();
    };
  });
}
