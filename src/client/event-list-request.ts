import { Observable } from 'rxjs';
import type { ConsulEvent } from '../consul/event';
import { isConsulIndex } from '../consul/consul-index';
import { ConsulHttpError, ConsulResponseError } from './errors';
import type { ConsulHttpClient } from './http-client';

/** One answer of `GET /v1/event/list`, validated. */
export interface EventListPage {
  /** The agent's (filtered) buffer, oldest first. */
  readonly events: readonly ConsulEvent[];
  /** `X-Consul-Index`, an opaque decimal string. */
  readonly index: string;
  /** Consul ≥ 1.11 says some events were hidden from this token. */
  readonly filteredByAcls: boolean;
}

/** What one long-poll asks for. */
export interface EventListQuery {
  readonly name: string | undefined;
  /** Index to block on; `undefined` answers at once. */
  readonly index: string | undefined;
  /** Go duration, e.g. `60s`. */
  readonly wait: string;
  readonly timeoutMs: number;
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

function parseRetryAfter(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function isEvent(value: unknown): value is ConsulEvent {
  return typeof value === 'object' && value !== null && typeof (value as { ID?: unknown }).ID === 'string';
}

function parseEvents(body: string, request: string): ConsulEvent[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new ConsulResponseError(`the body is not JSON (${JSON.stringify(body.slice(0, 80))})`, request);
  }
  if (!Array.isArray(parsed)) throw new ConsulResponseError('the body is not a JSON array of events', request);
  const bad = parsed.findIndex((item) => !isEvent(item));
  if (bad !== -1) throw new ConsulResponseError(`event ${bad} of the body has no string ID`, request);
  return parsed as ConsulEvent[];
}

/**
 * Sends one `GET /v1/event/list` and emits its validated page, then completes.
 * Unsubscribing aborts the request at once. Fails with a `ConsulHttpError` for a non-2xx
 * status and a `ConsulResponseError` for a body or `X-Consul-Index` the client cannot use.
 */
export function requestEventList(client: ConsulHttpClient, query: EventListQuery): Observable<EventListPage> {
  return new Observable<EventListPage>((subscriber) => {
    const abort = new AbortController();
    const path = eventListPath(query);
    const request = `GET ${path}`;
    client.request('GET', path, { signal: abort.signal, timeoutMs: query.timeoutMs }).then(
      (answer) => {
        if (answer.status < 200 || answer.status > 299) {
          throw new ConsulHttpError(answer.status, answer.body, request, parseRetryAfter(answer.header('retry-after')));
        }
        const index = answer.header('x-consul-index');
        if (index === undefined) throw new ConsulResponseError('X-Consul-Index is missing', request);
        if (!isConsulIndex(index)) {
          throw new ConsulResponseError(`X-Consul-Index ${JSON.stringify(index.slice(0, 64))} is not a 64-bit decimal`, request);
        }
        const events = parseEvents(answer.body, request);
        subscriber.next({ events, index, filteredByAcls: answer.header('x-consul-results-filtered-by-acls') === 'true' });
        subscriber.complete();
      },
    ).catch((error: unknown) => subscriber.error(error));
    return () => abort.abort();
  });
}
