import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { consulEvents$, ConsulError, fireEvent, type ConsulEventsOptions } from '../../src';
import { startConsulEmulator, type ConsulEmulator } from '../../src/testing';
import { firstFailure, watchUntil } from './helpers/watch';

const fixtures = join(__dirname, '..', 'testing', 'fixtures');
const cert = readFileSync(join(fixtures, 'localhost-cert.pem'), 'utf8');
const key = readFileSync(join(fixtures, 'localhost-key.pem'), 'utf8');

let emulator: ConsulEmulator;
beforeEach(async () => {
  emulator = await startConsulEmulator({ tls: { cert, key } });
  emulator.fire('deploy', 'secure');
});
afterEach(() => emulator.close());

/** Runs `body` with these variables set, then puts the environment back. */
async function withEnv<T>(vars: Record<string, string>, body: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
  Object.assign(process.env, vars);
  try {
    return await body();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** The agent's certificate is self-signed: a verifying client must end with a final TLS error. */
async function expectVerified(options: ConsulEventsOptions = {}) {
  const result = await firstFailure(emulator.port, 'deploy', { scheme: 'https', ...options });
  expect(result.error).toBeInstanceOf(ConsulError);
  expect((result.error as ConsulError).transient).toBe(false);
  expect((result.error as Error).message).toMatch(/TLS with Consul failed .*self-signed certificate/);
  expect(result.events).toEqual([]);
}

describe('TLS verification cannot be turned off by accident', () => {
  it.each<[string, unknown]>([
    ["the string 'false'", 'false'],
    ['0', 0],
    ['null', null],
    ["'no'", 'no'],
  ])('sslVerify: %s is refused when called, before any connection', async (_, sslVerify) => {
    const options = { port: emulator.port, scheme: 'https', sslVerify } as unknown as ConsulEventsOptions;
    expect(() => consulEvents$('deploy', options)).toThrow(/consulEvents\$: options\.sslVerify must be true or false/);
    await expect(fireEvent('deploy', 'x', options as never)).rejects.toThrow(/fireEvent: options\.sslVerify must be true or false/);
    expect(emulator.store.list('deploy').events).toHaveLength(1);
  });

  it.each(['', '   '])('CONSUL_HTTP_SSL_VERIFY=%j leaves verification on', async (value) => {
    await withEnv({ CONSUL_HTTP_SSL_VERIFY: value }, () => expectVerified());
  });

  it.each(['no', 'off', 'disabled'])('CONSUL_HTTP_SSL_VERIFY=%s is refused, naming the variable', async (value) => {
    await withEnv({ CONSUL_HTTP_SSL_VERIFY: value }, async () => {
      expect(() => consulEvents$('deploy', { port: emulator.port, scheme: 'https' })).toThrow(
        new RegExp(`CONSUL_HTTP_SSL_VERIFY must be true or false, got "${value}"`),
      );
    });
  });

  it("ignores Node's NODE_TLS_REJECT_UNAUTHORIZED=0: the client asks for verification explicitly", async () => {
    await withEnv({ NODE_TLS_REJECT_UNAUTHORIZED: '0' }, () => expectVerified());
  });

  it('sslVerify: true wins over CONSUL_HTTP_SSL_VERIFY=false', async () => {
    await withEnv({ CONSUL_HTTP_SSL_VERIFY: 'false' }, () => expectVerified({ sslVerify: true }));
  });

  it('is off only when asked: sslVerify: false, or CONSUL_HTTP_SSL_VERIFY=false', async () => {
    const byOption = await watchUntil(emulator.port, (r) => r.events.length === 1, 'deploy', { scheme: 'https', sslVerify: false });
    const byEnv = await withEnv({ CONSUL_HTTP_SSL_VERIFY: 'false' }, () =>
      watchUntil(emulator.port, (r) => r.events.length === 1, 'deploy', { scheme: 'https' }));
    expect(byOption.events).toHaveLength(1);
    expect(byEnv.events).toHaveLength(1);
  });
});
