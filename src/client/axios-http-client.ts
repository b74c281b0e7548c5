import axios from 'axios';
import type { ConsulHttpClient } from './http-client';
import { MAX_BODY_BYTES, redactToken, toConsulError } from './http-failure';
import type { ConnectionConfig } from './normalize-options';

/**
 * The browser transport: axios over the browser's own connections (which pool and verify
 * TLS themselves), with the token in `X-Consul-Token`, redirects refused, no proxy, bodies
 * kept as text so the caller decides what a malformed one means, and the 8 MB body cap.
 */
export function createAxiosHttpClient(connection: ConnectionConfig): ConsulHttpClient {
  const instance = axios.create({
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
    transitional: { clarifyTimeoutError: true },
  });
  const redact = (text: string): string => redactToken(text, connection.token);

  return {
    send(method, pathAndQuery, { timeoutMs, body }, done) {
      const abort = new AbortController();
      instance.request<string>({
        method,
        url: pathAndQuery,
        signal: abort.signal,
        timeout: timeoutMs,
        ...(body !== undefined && { data: body, headers: { 'Content-Type': 'application/octet-stream' } }),
      }).then(
        (response) => {
          if (abort.signal.aborted) return;
          const headers = response.headers as Record<string, unknown>;
          const text = typeof response.data === 'string' ? response.data : String(response.data ?? '');
          done(undefined, {
            status: response.status,
            body: response.status >= 200 && response.status <= 299 ? text : redact(text),
            redact,
            header: (name) => {
              const value = headers[name];
              return Array.isArray(value) ? value.join(', ') : value === undefined || value === null ? undefined : String(value);
            },
          });
        },
        (error: unknown) => {
          if (!abort.signal.aborted) done(toConsulError(error, `${method} ${pathAndQuery}`, timeoutMs));
        },
      );
      return () => abort.abort();
    },
    close() {},
  };
}
