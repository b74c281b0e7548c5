import { readConsulEnv, processEnv, type ConsulEnvSettings } from './consul-env';
import type { ConsulEventsOptions } from './consul-events-options';
import { optionChecks, type OptionChecks } from './option-checks';
import type { ConnectionConfig } from '../transport/connection-config';

/** The options that say where and how to reach the agent, shared by every entry point. */
export const CONNECTION_KEYS = ['host', 'port', 'scheme', 'token', 'sslVerify', 'ca', 'cert', 'key', 'tlsServerName'] as const;
const DEFAULTS = Object.freeze({ host: '127.0.0.1', port: 8500, scheme: 'http' as const });

/** PEM as text: bytes of a PEM file are decoded as UTF-8. */
function checkPem(check: OptionChecks, field: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  throw new TypeError(check.fail(field, 'PEM text (a string or bytes)', value, field === 'options.key'));
}

function checkHost(check: OptionChecks, value: unknown): string {
  const host = check.string('options.host', value);
  const ipv6 = /^\[?[0-9a-f:.]+(%[\w.]+)?\]?$/i.test(host) && (host.match(/:/g) ?? []).length >= 2;
  if (/[\s/?#@]/.test(host) || (host.includes(':') && !ipv6)) {
    throw new TypeError(check.fail('options.host', 'a host name or IP address without scheme, path or port', host));
  }
  return host;
}

/**
 * Validates the connection options and fills the rest from the `CONSUL_*` environment and
 * the defaults. Throws a `TypeError`/`RangeError` that names the field and echoes the
 * value (the token is never echoed).
 */
export function normalizeConnection(
  caller: string,
  options: Pick<ConsulEventsOptions, (typeof CONNECTION_KEYS)[number]>,
  env = processEnv(),
): ConnectionConfig {
  const check = optionChecks(caller);
  const given = new Set(CONNECTION_KEYS.filter((key) => options[key] !== undefined));
  const fromEnv: ConsulEnvSettings = readConsulEnv(env, given as ReadonlySet<keyof ConsulEnvSettings>);

  const host = options.host !== undefined ? checkHost(check, options.host) : (fromEnv.host ?? DEFAULTS.host);
  const port = options.port !== undefined
    ? check.number('options.port', options.port, 1, 65_535, { integer: true })
    : (fromEnv.port ?? DEFAULTS.port);
  let scheme = fromEnv.scheme ?? DEFAULTS.scheme;
  if (options.scheme !== undefined) {
    if (options.scheme !== 'http' && options.scheme !== 'https') {
      throw new TypeError(check.fail('options.scheme', "'http' or 'https'", options.scheme));
    }
    scheme = options.scheme;
  }
  let token = fromEnv.token;
  if (options.token !== undefined) {
    token = check.string('options.token', options.token, { redact: true, nonEmpty: false }) || undefined;
  }
  // What an HTTP header value can carry: anything else could never be sent.
  if (token !== undefined && /[^\t\x20-\x7e\x80-\xff]/.test(token)) {
    throw new TypeError(check.fail('the ACL token', 'a single line of characters an HTTP header can carry', token, true));
  }
  const sslVerify = options.sslVerify !== undefined ? check.boolean('options.sslVerify', options.sslVerify) : (fromEnv.sslVerify ?? true);
  const ca = options.ca !== undefined ? checkPem(check, 'options.ca', options.ca) : fromEnv.ca;
  const cert = options.cert !== undefined ? checkPem(check, 'options.cert', options.cert) : fromEnv.cert;
  const key = options.key !== undefined ? checkPem(check, 'options.key', options.key) : fromEnv.key;
  const servername = options.tlsServerName !== undefined
    ? check.string('options.tlsServerName', options.tlsServerName)
    : fromEnv.tlsServerName;

  const bare = host.replace(/^\[(.*)\]$/, '$1');
  return {
    origin: `${scheme}://${bare.includes(':') ? `[${bare}]` : bare}:${port}`,
    host: bare,
    port,
    scheme,
    token,
    tls: {
      rejectUnauthorized: sslVerify,
      ...(ca !== undefined && { ca }),
      ...(cert !== undefined && { cert }),
      ...(key !== undefined && { key }),
      ...(servername !== undefined && { servername }),
    },
  };
}

