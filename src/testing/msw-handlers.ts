import { http, HttpResponse, type HttpHandler } from 'msw';
import { answerAgentRequest } from './agent-http';
import type { ConsulEventStore } from './event-store';
import type { WireAnswer } from './gzip-answer';

/**
 * Where the MSW handlers answer.
 *
 * @example
 * ```ts
 * const options: ConsulEventHandlersOptions = { baseUrl: 'http://consul.test:8500' };
 * ```
 */
export interface ConsulEventHandlersOptions {
  /** Only requests to this origin (scheme, host, port) are answered. @default any origin */
  baseUrl?: string;
}

/**
 * MSW request handlers that serve `store` as a Consul agent's `GET /v1/event/list` and
 * `PUT /v1/event/fire/:name`, with the same answers as {@link testing!startConsulEmulator | startConsulEmulator}.
 *
 * A blocked or hung request ends when the request's `signal` aborts (fetch, axios's fetch
 * adapter) or on `store.close()`. MSW cannot see aborts through Node's `http` module
 * (this library's own transport in Node, axios's default adapter there): such requests end at their `wait`, on
 * `expireWaits()`, `restart()` or `close()`. MSW also cannot see transfer framing, so a
 * body is read unless the request says `Transfer-Encoding: chunked`.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * import { ConsulEventStore } from 'rx-consul-events/testing';
 * import { consulEventHandlers } from 'rx-consul-events/testing/msw';
 *
 * const store = new ConsulEventStore();
 * const server = setupServer(...consulEventHandlers(store));
 * server.listen();
 * store.fire('deploy', 'v1');
 * const events = await (await fetch('http://127.0.0.1:8500/v1/event/list?name=deploy')).json();
 * console.log(events.length); // 1
 * store.close();
 * server.close();
 * ```
 */
export function consulEventHandlers(store: ConsulEventStore, options: ConsulEventHandlersOptions = {}): HttpHandler[] {
  const origin = options.baseUrl === undefined ? '*' : options.baseUrl.replace(/\/+$/, '');
  const resolver = async ({ request }: { request: Request }): Promise<Response> => {
    const url = new URL(request.url);
    const chunked = /chunked/i.test(request.headers.get('Transfer-Encoding') ?? '');
    const answer = await answerAgentRequest(store, {
      method: request.method,
      target: `${url.pathname}${url.search}`,
      headers: request.headers,
      body: chunked ? null : new Uint8Array(await request.arrayBuffer()),
      signal: request.signal,
    });
    return toResponse(answer);
  };
  return [
    http.all(`${origin}/v1/event/list`, resolver),
    http.all(`${origin}/v1/event/fire/*`, resolver),
    http.all(`${origin}/v1/event/fire`, resolver),
  ];
}

function toResponse(answer: WireAnswer): Response {
  if (answer.kind === 'reset') return HttpResponse.error();
  return new HttpResponse(answer.body === '' ? null : answer.body, { status: answer.status, headers: answer.headers });
}
