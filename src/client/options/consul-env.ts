/** Connection settings found in Consul's `CONSUL_*` environment variables. */
export interface ConsulEnvSettings {
  host?: string;
  port?: number;
  scheme?: 'http' | 'https';
  token?: string;
  sslVerify?: boolean;
  ca?: string;
  cert?: string;
  key?: string;
  tlsServerName?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The process environment in Node; empty in a browser. */
export function processEnv(): Env {
  return globalThis.process?.env ?? {};
}

function readTextFile(variable: string, path: string): string {
  const fs = globalThis.process?.getBuiltinModule?.('node:fs');
  if (!fs) throw new TypeError(`${variable} names a file, but files cannot be read here (no node:fs)`);
  try {
    return fs.readFileSync(path, 'utf8');
  } catch (error) {
    throw new TypeError(`${variable} names ${JSON.stringify(path)}, which cannot be read: ${(error as Error).message}`);
  }
}

function readPemDirectory(variable: string, dir: string): string {
  const fs = globalThis.process?.getBuiltinModule?.('node:fs');
  const path = globalThis.process?.getBuiltinModule?.('node:path');
  if (!fs || !path) throw new TypeError(`${variable} names a directory, but files cannot be read here (no node:fs)`);
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((name) => /\.(pem|crt)$/i.test(name)).sort();
  } catch (error) {
    throw new TypeError(`${variable} names ${JSON.stringify(dir)}, which cannot be read: ${(error as Error).message}`);
  }
  return names.map((name) => readTextFile(variable, path.join(dir, name))).join('\n');
}

/** Go's strconv.ParseBool, which Consul uses for its boolean variables. */
function parseGoBool(variable: string, value: string): boolean {
  if (/^(1|t|true)$/i.test(value)) return true;
  if (/^(0|f|false)$/i.test(value)) return false;
  throw new TypeError(`${variable} must be true or false, got ${JSON.stringify(value)}`);
}

/**
 * Splits `CONSUL_HTTP_ADDR` (`host:port`, `[::1]:8500` or an `http(s)://` URL) into host,
 * port and scheme. A missing port means the scheme's default port, as in Consul's Go client.
 */
function parseAddress(value: string, sslDefault: boolean): Pick<ConsulEnvSettings, 'host' | 'port' | 'scheme'> {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `${sslDefault ? 'https' : 'http'}://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new TypeError(`CONSUL_HTTP_ADDR must be host:port or an http(s) URL, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`CONSUL_HTTP_ADDR must use http or https (unix sockets are not supported), got ${JSON.stringify(value)}`);
  }
  const scheme = url.protocol === 'https:' ? 'https' : 'http';
  const port = url.port ? Number(url.port) : scheme === 'https' ? 443 : 80;
  return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port, scheme };
}

/**
 * Reads the variables Consul's CLI and Go client read: `CONSUL_HTTP_ADDR`,
 * `CONSUL_HTTP_SSL`, `CONSUL_HTTP_SSL_VERIFY`, `CONSUL_HTTP_TOKEN`,
 * `CONSUL_HTTP_TOKEN_FILE`, `CONSUL_CACERT`, `CONSUL_CAPATH`, `CONSUL_CLIENT_CERT`,
 * `CONSUL_CLIENT_KEY`, `CONSUL_TLS_SERVER_NAME`. Settings named in `given` (set
 * explicitly by the caller) are not looked up, so their variables are neither parsed nor
 * read. Files are read at once: a wrong path fails when the stream is created, not later.
 * Empty variables count as unset.
 */
export function readConsulEnv(
  env: Env = processEnv(),
  given: ReadonlySet<keyof ConsulEnvSettings> = new Set(),
): ConsulEnvSettings {
  const get = (name: string): string | undefined => env[name]?.trim() || undefined;
  const settings: ConsulEnvSettings = {};
  if (!given.has('host') || !given.has('port') || !given.has('scheme')) {
    const ssl = get('CONSUL_HTTP_SSL');
    const sslDefault = ssl !== undefined && parseGoBool('CONSUL_HTTP_SSL', ssl);
    const addr = get('CONSUL_HTTP_ADDR');
    if (addr) Object.assign(settings, parseAddress(addr, sslDefault));
    else if (sslDefault) settings.scheme = 'https';
  }
  const verify = get('CONSUL_HTTP_SSL_VERIFY');
  if (!given.has('sslVerify') && verify !== undefined) {
    settings.sslVerify = parseGoBool('CONSUL_HTTP_SSL_VERIFY', verify);
  }
  if (!given.has('token')) {
    const tokenFile = get('CONSUL_HTTP_TOKEN_FILE');
    const token = get('CONSUL_HTTP_TOKEN') ?? (tokenFile && readTextFile('CONSUL_HTTP_TOKEN_FILE', tokenFile).trim());
    if (token) settings.token = token;
  }
  const caFile = get('CONSUL_CACERT');
  const caPath = get('CONSUL_CAPATH');
  if (!given.has('ca') && caFile) settings.ca = readTextFile('CONSUL_CACERT', caFile);
  else if (!given.has('ca') && caPath) settings.ca = readPemDirectory('CONSUL_CAPATH', caPath);
  const certFile = get('CONSUL_CLIENT_CERT');
  if (!given.has('cert') && certFile) settings.cert = readTextFile('CONSUL_CLIENT_CERT', certFile);
  const keyFile = get('CONSUL_CLIENT_KEY');
  if (!given.has('key') && keyFile) settings.key = readTextFile('CONSUL_CLIENT_KEY', keyFile);
  const serverName = get('CONSUL_TLS_SERVER_NAME');
  if (!given.has('tlsServerName') && serverName) settings.tlsServerName = serverName;
  return settings;
}
