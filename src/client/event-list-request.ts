import { Observable } from 'rxjs';
import type { ConsulEvent } from '../consul/event';
import { isConsulIndex } from '../consul/consul-index';
import { ConsulHttpError, ConsulResponseError } from './errors';
import type { ConsulHttpClient, HttpAnswer } from './http-client';

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

/**
 * The longest `Retry-After` honoured: one hour, the longest delay the retry options accept
 * (the retry policy then keeps it within `maxDelay`). A larger value (or a far-off date)
 * would overflow the timer, which then fires at once: a hot loop.
 */
const MAX_RETRY_AFTER_MS = 3_600_000;

/**
 * The most events one answer may list. An agent keeps 256; a longer list comes from a
 * broken agent or proxy. The seen window grows to the longest answer, so this also bounds
 * what a hostile answer can make each subscription remember.
 */
const MAX_LISTED_EVENTS = 1_024;

function parseRetryAfter(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_RETRY_AFTER_MS);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.min(Math.max(0, date - Date.now()), MAX_RETRY_AFTER_MS);
}

/** What makes `value` unusable as an event (the fields the stream and its operators rely on), or `undefined`. */
function eventDefect(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'is not an object';
  const { ID, Name, Payload } = value as Record<string, unknown>;
  if (typeof ID !== 'string') return 'has no string ID';
  if (typeof Name !== 'string') return 'has no string Name';
  if (Payload !== null && typeof Payload !== 'string') return 'has a Payload that is neither a string nor null';
  return undefined;
}

function parseEvents(answer: HttpAnswer, request: string): ConsulEvent[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.body);
  } catch {
    throw new ConsulResponseError(`the body is not JSON (${JSON.stringify(answer.redact(answer.body).slice(0, 80))})`, request);
  }
  if (!Array.isArray(parsed)) throw new ConsulResponseError('the body is not a JSON array of events', request);
  if (parsed.length > MAX_LISTED_EVENTS) {
    throw new ConsulResponseError(`the body lists ${parsed.length} events; an agent keeps 256 and at most ${MAX_LISTED_EVENTS} are accepted`, request);
  }
  for (let i = 0; i < parsed.length; i++) {
    const defect = eventDefect(parsed[i]);
    if (defect !== undefined) throw new ConsulResponseError(`event ${i} of the body ${defect}`, request);
  }
  return parsed as ConsulEvent[];
}

/**
 * Sends one `GET /v1/event/list` and emits its validated page, then completes.
 * Unsubscribing aborts the request at once. Fails with a `ConsulHttpError` for a non-2xx
 * status and a `ConsulResponseError` for a body or `X-Consul-Index` the client cannot use:
 * not a JSON array, more than 1024 events, or an event without a string `ID` and `Name`
 * and a string-or-null `Payload` (the whole answer is refused, never part of it).
 */
export function requestEventList(client: ConsulHttpClient, query: EventListQuery): Observable<EventListPage> {
  return new Observable<EventListPage>((subscriber) => {
    const abort = new AbortController();
    const path = eventListPath(query);
    const request = `GET ${path}`;
    let settled = false;
    client.request('GET', path, { signal: abort.signal, timeoutMs: query.timeoutMs }).then(
      (answer) => {
        settled = true;
        if (answer.status < 200 || answer.status > 299) {
          throw new ConsulHttpError(answer.status, answer.body, request, parseRetryAfter(answer.header('retry-after')));
        }
        const index = answer.header('x-consul-index');
        if (index === undefined) throw new ConsulResponseError('X-Consul-Index is missing', request);
        if (!isConsulIndex(index)) {
          throw new ConsulResponseError(`X-Consul-Index ${JSON.stringify(answer.redact(index).slice(0, 64))} is not a 64-bit decimal`, request);
        }
        const events = parseEvents(answer, request);
        subscriber.next({ events, index, filteredByAcls: answer.header('x-consul-results-filtered-by-acls') === 'true' });
        subscriber.complete();
      },
    ).catch((error: unknown) => {
      settled = true;
      subscriber.error(error);
    });
    // Abort only a request still in flight: aborting a finished one would still build a
    // DOMException on every poll (8–10% of the CPU per answer in the bench).
    return () => {
      if (!settled) abort.abort();
    };
  });
}
