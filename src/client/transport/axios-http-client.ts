import type { AxiosInstance, AxiosStatic } from 'axios' with { 'resolution-mode': 'import' };
import { ConsulError, ConsulResponseError, ConsulTimeoutError } from '../errors';
import { httpAnswer, MAX_BODY_BYTES, type ConsulHttpClient, type HttpDone } from './http-client';
import { toConsulError } from './to-consul-error';
import { redactToken } from './redact-token';
import type { ConnectionConfig } from './connection-config';

/** What axios rejected with, as one of our errors. */
function fromAxiosError(error: unknown, request: string): ConsulError {
  const { code, message } = error as { code?: string; message?: string };
  // A body over maxContentLength, and other unreadable bodies.
  if (code === 'ERR_BAD_RESPONSE') {
    const tooLarge = /maxContentLength/.test(message ?? '');
    return new ConsulResponseError(tooLarge ? `the body is larger than ${MAX_BODY_BYTES} bytes` : `the body could not be read: ${message}`, request);
  }
  return toConsulError(error, request);
}

/** axios's default export, loaded on demand: bundlers resolve this to axios's browser build. */
const importAxios = async (): Promise<AxiosStatic> => (await import('axios')).default;

/**
 * The browser transport: axios over the browser's own connections (which pool and verify
 * TLS themselves), with the token in `X-Consul-Token`, redirects refused, no proxy, bodies
 * kept as text so the caller decides what a malformed one means, and the 8 MB body cap.
 *
 * axios is loaded by the first request (`loadAxios`, by default a dynamic `import()`), not
 * with the library: Node, which uses `node:http`, never loads it. A failed load (a lazy
 * chunk the browser could not fetch) is a transient network failure, tried again by the
 * next request.
 *
 * `timeoutMs` is a deadline for the whole exchange measured from send, as in the Node
 * transport: one timer of our own that aborts the request, rather than axios's `timeout`.
 * In browsers axios's `timeout` is whole-request too (XHR's `timeout`), but under Node its
 * http adapter measures socket inactivity; our timer keeps one promise on every adapter.
 */
export function createAxiosHttpClient(connection: ConnectionConfig, loadAxios = importAxios): ConsulHttpClient {
  const redact = (text: string): string => redactToken(text, connection.token);
  let loading: Promise<AxiosInstance> | undefined;
  const load = (): Promise<AxiosInstance> => (loading ??= loadAxios().then(
    (axios) => axios.create({
      baseURL: connection.origin,
      headers: {
        Accept: 'application/json',
        ...(connection.token !== undefined && { 'X-Consul-Token': connection.token }),
      },
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      maxRedirects: 0,
      proxy: false,
      maxContentLength: MAX_BODY_BYTES,
    }),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  ));

  return {
    send(method, pathAndQuery, { timeoutMs, body }, done) {
      const request = `${method} ${pathAndQuery}`;
      const abort = new AbortController();
      let settled = false;
      const settle: HttpDone = (error, answer) => {
        settled = true;
        clearTimeout(deadline);
        done(error, answer);
      };
      const deadline = setTimeout(() => {
        settle(new ConsulTimeoutError(timeoutMs, request));
        abort.abort();
      }, timeoutMs);
      load().then((axios) => (settled ? undefined : axios.request<string>({
        method,
        url: pathAndQuery,
        signal: abort.signal,
        ...(body !== undefined && { data: body, headers: { 'Content-Type': 'application/octet-stream' } }),
      }))).then(
        (response) => {
          if (settled || response === undefined) return;
          const headers = response.headers as Record<string, unknown>;
          const text = typeof response.data === 'string' ? response.data : String(response.data ?? '');
          settle(undefined, httpAnswer(response.status, text, (name) => {
            const value = headers[name];
            return Array.isArray(value) ? value.join(', ') : value === undefined || value === null ? undefined : String(value);
          }, redact));
        },
        (error: unknown) => {
          if (!settled) settle(fromAxiosError(error, request));
        },
      );
      // Nobody waits for a cancelled request: `done` is not called for it, and one cancelled
      // while axios loads is never sent.
      return () => {
        settled = true;
        clearTimeout(deadline);
        abort.abort();
      };
    },
    close() {},
  };
}
