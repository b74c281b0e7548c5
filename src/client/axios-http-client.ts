import axios from 'axios';
import { ConsulError, ConsulResponseError, ConsulTimeoutError } from './errors';
import type { ConsulHttpClient } from './http-client';
import { MAX_BODY_BYTES, redactToken, toConsulError } from './http-failure';
import type { ConnectionConfig } from './normalize-options';

/** What axios rejected with, as one of our errors. */
function fromAxiosError(error: unknown, request: string, timeoutMs: number): ConsulError {
  const { code, message, cause } = error as { code?: string; message?: string; cause?: unknown };
  // axios's own timeout (clarifyTimeoutError) carries no cause; a socket's ETIMEDOUT does.
  if (code === 'ETIMEDOUT' && cause === undefined) return new ConsulTimeoutError(timeoutMs, request);
  // A body over maxContentLength, and other unreadable bodies.
  if (code === 'ERR_BAD_RESPONSE') {
    const tooLarge = /maxContentLength/.test(message ?? '');
    return new ConsulResponseError(tooLarge ? `the body is larger than ${MAX_BODY_BYTES} bytes` : `the body could not be read: ${message}`, request);
  }
  return toConsulError(error, request);
}

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
          if (!abort.signal.aborted) done(fromAxiosError(error, `${method} ${pathAndQuery}`, timeoutMs));
        },
      );
      return () => abort.abort();
    },
    close() {},
  };
}
