import { readFileSync } from 'node:fs';
import type { ParseArgsConfig } from 'node:util';

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

/** Variables the CLI's own process reads its connection from, set by each flag. */
const FLAG_VARIABLES = {
  'http-addr': 'CONSUL_HTTP_ADDR',
  'token-file': 'CONSUL_HTTP_TOKEN_FILE',
  'ca-file': 'CONSUL_CACERT',
  'ca-path': 'CONSUL_CAPATH',
  'client-cert': 'CONSUL_CLIENT_CERT',
  'client-key': 'CONSUL_CLIENT_KEY',
  'tls-server-name': 'CONSUL_TLS_SERVER_NAME',
} as const;

/**
 * Applies the connection flags. File and address flags become the `CONSUL_*` variables they
 * stand for (so they behave exactly like them); the token becomes an option, kept out of the
 * environment that `--exec` children inherit.
 */
export function applyConnectionFlags(values: ConnectionValues): { token?: string } {
  for (const [flag, variable] of Object.entries(FLAG_VARIABLES)) {
    const value = values[flag as keyof typeof FLAG_VARIABLES];
    if (value !== undefined) process.env[variable] = value;
  }
  if (values['tls-skip-verify']) process.env.CONSUL_HTTP_SSL_VERIFY = 'false';
  if (values.token !== undefined) return { token: values.token };
  if (values['token-file'] !== undefined) return { token: readFileSync(values['token-file'], 'utf8').trim() };
  return {};
}
