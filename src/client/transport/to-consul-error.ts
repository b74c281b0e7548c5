import { ConsulError, ConsulNetworkError } from '../errors';

/** Certificate and handshake failures: a misconfiguration, not a passing fault. */
const TLS_ERROR_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED', 'CERT_REJECTED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'EPROTO', 'ERR_SSL_WRONG_VERSION_NUMBER',
]);

const MALFORMED_REQUEST_CODES = new Set(['ERR_INVALID_URL', 'ERR_INVALID_CHAR', 'ERR_INVALID_HTTP_TOKEN', 'ERR_UNESCAPED_CHARACTERS']);

/**
 * Turns a transport's failure (a Node socket or TLS error, or the one axios wraps) into one
 * of our errors: TLS failures and requests that cannot be formed are misconfigurations (not
 * transient), anything else a transient `ConsulNetworkError`. Never keeps the transport's
 * own objects: axios's config holds the token.
 */
export function toConsulError(error: unknown, request: string): ConsulError {
  const failure = error as { code?: string; message?: string; cause?: unknown };
  const code = failure.code ?? '';
  const cause = failure.cause ?? Object.assign(new Error(failure.message), { code });
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
