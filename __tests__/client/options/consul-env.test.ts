import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalizeWatchOptions } from '../../../src/client/options/watch-options';
import type { ConsulEventsOptions } from '../../../src';

const connection = (env: Record<string, string>, options: ConsulEventsOptions = {}) =>
  normalizeWatchOptions('deploy', options, env).connection;

function tempFile(name: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'rx-consul-env-'));
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('consulEvents$ options from the CONSUL_* environment', () => {
  it.each([
    ['consul.internal:8501', 'http://consul.internal:8501'],
    ['https://consul.internal:8501', 'https://consul.internal:8501'],
    ['https://consul.internal', 'https://consul.internal:443'],
    ['http://10.0.0.5', 'http://10.0.0.5:80'],
    ['[::1]:8500', 'http://[::1]:8500'],
  ])('reads CONSUL_HTTP_ADDR=%s as %s', (addr, origin) => {
    expect(connection({ CONSUL_HTTP_ADDR: addr }).origin).toBe(origin);
  });

  it('switches to https with CONSUL_HTTP_SSL=true', () => {
    expect(connection({ CONSUL_HTTP_ADDR: 'consul:8501', CONSUL_HTTP_SSL: 'true' }).origin).toBe('https://consul:8501');
  });

  it('lets explicit options win over the environment, field by field', () => {
    const env = { CONSUL_HTTP_ADDR: 'https://consul.internal:8501', CONSUL_HTTP_TOKEN: 'from-env' };
    const result = connection(env, { port: 9000, token: 'from-options' });
    expect(result.origin).toBe('https://consul.internal:9000');
    expect(result.token).toBe('from-options');
  });

  it('does not parse CONSUL_HTTP_ADDR when host, port and scheme are all given', () => {
    expect(connection({ CONSUL_HTTP_ADDR: 'unix:///tmp/consul.sock' }, { host: 'a', port: 1, scheme: 'http' }).origin).toBe('http://a:1');
  });

  it('refuses a unix socket address, naming the variable', () => {
    expect(() => connection({ CONSUL_HTTP_ADDR: 'unix:///tmp/consul.sock' })).toThrow(/CONSUL_HTTP_ADDR must use http or https .*unix:\/\/\/tmp\/consul\.sock/);
  });

  it('reads the token from CONSUL_HTTP_TOKEN, else from CONSUL_HTTP_TOKEN_FILE (trimmed)', () => {
    const file = tempFile('token', '  file-token\n');
    expect(connection({ CONSUL_HTTP_TOKEN: 'env-token', CONSUL_HTTP_TOKEN_FILE: file }).token).toBe('env-token');
    expect(connection({ CONSUL_HTTP_TOKEN_FILE: file }).token).toBe('file-token');
  });

  it('fails fast when a named file cannot be read, naming the variable and the path', () => {
    expect(() => connection({ CONSUL_CACERT: '/nonexistent/ca.pem' })).toThrow(/CONSUL_CACERT names "\/nonexistent\/ca\.pem", which cannot be read/);
  });

  it('turns verification off only with an explicit false', () => {
    expect(connection({ CONSUL_HTTP_SSL_VERIFY: 'false' }).tls.rejectUnauthorized).toBe(false);
    expect(connection({ CONSUL_HTTP_SSL_VERIFY: '1' }).tls.rejectUnauthorized).toBe(true);
    expect(() => connection({ CONSUL_HTTP_SSL_VERIFY: 'nope' })).toThrow(/CONSUL_HTTP_SSL_VERIFY must be true or false, got "nope"/);
  });

  it('loads CA, client certificate, key and server name from the files they name', () => {
    const ca = tempFile('ca.pem', 'CA PEM');
    const cert = tempFile('cert.pem', 'CERT PEM');
    const key = tempFile('key.pem', 'KEY PEM');
    const tls = connection({ CONSUL_CACERT: ca, CONSUL_CLIENT_CERT: cert, CONSUL_CLIENT_KEY: key, CONSUL_TLS_SERVER_NAME: 'consul.dc1' }).tls;
    expect(tls).toEqual({ rejectUnauthorized: true, ca: 'CA PEM', cert: 'CERT PEM', key: 'KEY PEM', servername: 'consul.dc1' });
  });

  it('joins every .pem and .crt file of CONSUL_CAPATH', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rx-consul-capath-'));
    writeFileSync(join(dir, 'a.pem'), 'A');
    writeFileSync(join(dir, 'b.crt'), 'B');
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    expect(connection({ CONSUL_CAPATH: dir }).tls.ca).toBe('A\nB');
  });
});
