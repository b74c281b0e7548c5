import axios, { type AxiosInstance } from 'axios';
import { ConsulError, ConsulNetworkError, ConsulTimeoutError, ConsulResponseError } from './errors';
import type { ConnectionConfig } from './normalize-options';

/** A response as the rest of the client sees it: no axios types past this file. */
export interface HttpAnswer {
  readonly status: number;
  /** The body as text; for a non-2xx status, with the ACL token redacted (such bodies only end up in error messages). */
  readonly body: string;
  /** A response header by lower-case name; duplicated headers arrive comma-joined. */
  header(name: string): string | undefined;
  /** `text` with every occurrence of the ACL token replaced, before quoting a body in an error message. */
  redact(text: string): string;
}

/** One agent connection: sends requests, then `close()` frees its sockets. */
export interface ConsulHttpClient {
  request(
    method: 'GET' | 'PUT',
    pathAndQuery: string,
    options: { signal?: AbortSignal; timeoutMs: number; body?: Uint8Array },
  ): Promise<HttpAnswer>;
  close(): void;
}

/** The largest response body accepted: 256 events of the largest gossip size fit many times over. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** Certificate and handshake failures: a misconfiguration, not a passing fault. */
const TLS_ERROR_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED', 'CERT_REJECTED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'EPROTO', 'ERR_SSL_WRONG_VERSION_NUMBER',
]);

const MALFORMED_REQUEST_CODES = new Set(['ERR_INVALID_URL', 'ERR_INVALID_CHAR', 'ERR_INVALID_HTTP_TOKEN', 'ERR_UNESCAPED_CHARACTERS']);

interface NodeAgent { destroy(): void }

/**
 * A keep-alive agent owned by one client, so `close()` can destroy its sockets (none
 * outlives the subscription). `undefined` outside Node, where the browser pools
 * connections itself and TLS settings do not apply.
 */
function createNodeAgent(connection: ConnectionConfig): NodeAgent | undefined {
  const getModule = globalThis.process?.getBuiltinModule;
  if (typeof getModule !== 'function') return undefined;
  if (connection.scheme === 'https') {
    const https = getModule('node:https');
    return new https.Agent({ keepAlive: true, ...connection.tls });
  }
  const http = getModule('node:http');
  return new http.Agent({ keepAlive: true });
}

const REDACTED = '[redacted]';

/**
 * Removes the token from text an agent or a proxy sent back (some echo request headers in
 * their error pages), so that no error message ever quotes it.
 */
function redactToken(text: string, token: string | undefined): string {
  return token && text.includes(token) ? text.split(token).join(REDACTED) : text;
}

/** Turns whatever axios rejected with into one of our errors; never keeps axios's config (it holds the token). */
function toConsulError(error: unknown, request: string, timeoutMs: number): ConsulError {
  const failure = error as { code?: string; message?: string; cause?: unknown };
  const code = failure.code ?? '';
  const cause = failure.cause ?? Object.assign(new Error(failure.message), { code });
  // axios's own timeout (clarifyTimeoutError) carries no cause; a socket's ETIMEDOUT does.
  if (code === 'ETIMEDOUT' && failure.cause === undefined) return new ConsulTimeoutError(timeoutMs, request, cause);
  // axios reports a body over maxContentLength (and other unreadable bodies) this way.
  if (code === 'ERR_BAD_RESPONSE') {
    const tooLarge = /maxContentLength/.test(failure.message ?? '');
    return new ConsulResponseError(tooLarge ? `the body is larger than ${MAX_BODY_BYTES} bytes` : `the body could not be read: ${failure.message}`, request);
  }
  const reason = failure.message || code || 'unknown error';
  if (TLS_ERROR_CODES.has(code) || /^ERR_(SSL|TLS)_/.test(code)) {
    return new ConsulError(`TLS with Consul failed for ${request}: ${reason}`, request, false, { cause });
  }
  // A request that cannot even be formed (a bad URL, a header with invalid characters) is a
  // misconfiguration: retrying it would only loop.
  if (MALFORMED_REQUEST_CODES.has(code) || code.startsWith('ERR_INVALID_ARG')) {
    return new ConsulError(`Cannot send ${request} to Consul: ${reason}`, request, false, { cause });
  }
  return new ConsulNetworkError(reason, request, cause);
}

/**
 * Creates the HTTP client for one subscription (or one fire): axios with the token in
 * `X-Consul-Token`, TLS verified unless the user opted out, redirects refused (a
 * redirect would carry the token to another host), and bodies kept as text so the
 * caller decides what a malformed one means.
 */
export function createConsulHttpClient(connection: ConnectionConfig): ConsulHttpClient {
  const agent = createNodeAgent(connection);
  const instance: AxiosInstance = axios.create({
    baseURL: connection.origin,
    headers: {
      Accept: 'application/json',
      ...(connection.token !== undefined && { 'X-Consul-Token': connection.token }),
    },
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    maxRedirects: 0,
    // HTTP(S)_PROXY is ignored, as the token would travel to the proxy (in clear over http)
    // and the long-poll's socket would escape the agent this client owns.
    proxy: false,
    maxContentLength: MAX_BODY_BYTES,
    transitional: { clarifyTimeoutError: true },
    ...(agent && (connection.scheme === 'https' ? { httpsAgent: agent } : { httpAgent: agent })),
  });

  return {
    async request(method, pathAndQuery, { signal, timeoutMs, body }) {
      const requestLine = `${method} ${pathAndQuery}`;
      try {
        const response = await instance.request<string>({
          method,
          url: pathAndQuery,
          ...(signal && { signal }),
          timeout: timeoutMs,
          ...(body !== undefined && { data: body, headers: { 'Content-Type': 'application/octet-stream' } }),
        });
        const headers = response.headers as Record<string, unknown>;
        const text = typeof response.data === 'string' ? response.data : String(response.data ?? '');
        const redact = (quoted: string) => redactToken(quoted, connection.token);
        return {
          status: response.status,
          body: response.status >= 200 && response.status <= 299 ? text : redact(text),
          redact,
          header: (name) => {
            const value = headers[name];
            return Array.isArray(value) ? value.join(', ') : value === undefined || value === null ? undefined : String(value);
          },
        };
      } catch (error) {
        throw toConsulError(error, requestLine, timeoutMs);
      }
    },
    close() {
      agent?.destroy();
    },
  };
}
