import type { ParseArgsConfig } from 'node:util';
import { readConsulEnv, type ConsulEnvSettings } from '../client/options/consul-env';
import { UsageError } from './usage-error';

/** Flags every command that talks to an agent takes; each defaults to a `CONSUL_*` variable. */
export const CONNECTION_FLAGS = {
  'http-addr': { type: 'string' },
  token: { type: 'string' },
  'token-file': { type: 'string' },
  'ca-file': { type: 'string' },
  'ca-path': { type: 'string' },
  'client-cert': { type: 'string' },
  'client-key': { type: 'string' },
  'tls-server-name': { type: 'string' },
  'tls-skip-verify': { type: 'boolean' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

export const CONNECTION_HELP = `Connection (each defaults to its environment variable):
  --http-addr ADDR       agent address, host:port or URL     CONSUL_HTTP_ADDR (127.0.0.1:8500)
  --token TOKEN          ACL token (prefer --token-file)     CONSUL_HTTP_TOKEN
  --token-file FILE      file holding the ACL token          CONSUL_HTTP_TOKEN_FILE
  --ca-file FILE         PEM CA to trust                     CONSUL_CACERT
  --ca-path DIR          directory of PEM CAs                CONSUL_CAPATH
  --client-cert FILE     PEM client certificate              CONSUL_CLIENT_CERT
  --client-key FILE      PEM client key                      CONSUL_CLIENT_KEY
  --tls-server-name NAME name to verify in the certificate   CONSUL_TLS_SERVER_NAME
  --tls-skip-verify      do not verify the agent's certificate (CONSUL_HTTP_SSL_VERIFY=false)`;

type ConnectionValues = { [K in keyof typeof CONNECTION_FLAGS]?: (typeof CONNECTION_FLAGS)[K]['type'] extends 'boolean' ? boolean : string };
type Env = Readonly<Record<string, string | undefined>>;

/** Each flag that names a value or a file and the variable it stands for; the earlier of two flags for one setting wins. */
const FLAG_VARIABLES = [
  ['http-addr', 'CONSUL_HTTP_ADDR'],
  ['token-file', 'CONSUL_HTTP_TOKEN_FILE'],
  ['ca-file', 'CONSUL_CACERT'],
  ['ca-path', 'CONSUL_CAPATH'],
  ['client-cert', 'CONSUL_CLIENT_CERT'],
  ['client-key', 'CONSUL_CLIENT_KEY'],
  ['tls-server-name', 'CONSUL_TLS_SERVER_NAME'],
] as const satisfies ReadonlyArray<readonly [keyof ConnectionValues, string]>;

/** What one flag gives, read the way its variable is read; a mistake is a usage error naming the flag. */
function readFlag(flag: string, variable: string, value: string, env: Env): ConsulEnvSettings {
  try {
    return readConsulEnv({ [variable]: value, CONSUL_HTTP_SSL: env.CONSUL_HTTP_SSL });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(variable, `--${flag}`));
  }
}

/**
 * The connection options of the library from the flags, then the `CONSUL_*` variables of
 * `env` for what the flags leave unset. A flag reads its value or file exactly as its
 * variable would be read (`--http-addr` as `CONSUL_HTTP_ADDR`, `--ca-file` as
 * `CONSUL_CACERT`, …), and a bad one is a {@link UsageError} naming the flag. `--token`
 * wins over `--token-file`, `--ca-file` over `--ca-path`, as the variables do. Nothing is
 * written to the environment: the token never reaches what `--exec` children inherit.
 *
 * @example
 * ```ts
 * connectionOptions({ 'http-addr': 'https://consul:8501', 'token-file': '/run/secrets/consul' }, process.env);
 * // { host: 'consul', port: 8501, scheme: 'https', token: '…' }
 * ```
 */
export function connectionOptions(values: ConnectionValues, env: Env): ConsulEnvSettings {
  const fromFlags: ConsulEnvSettings = {};
  for (const [flag, variable] of [...FLAG_VARIABLES].reverse()) {
    const value = values[flag];
    if (value !== undefined) Object.assign(fromFlags, readFlag(flag, variable, value, env));
  }
  if (values.token !== undefined) fromFlags.token = values.token;
  if (values['tls-skip-verify']) fromFlags.sslVerify = false;
  const given = new Set(Object.keys(fromFlags) as Array<keyof ConsulEnvSettings>);
  return { ...readConsulEnv(env, given), ...fromFlags };
}
