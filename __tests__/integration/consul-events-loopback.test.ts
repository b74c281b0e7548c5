import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { consulEvents$, ConsulError, ConsulHttpError, ConsulTimeoutError, fireEvent } from '../../src';
import { startConsulEmulator, type ConsulEmulator } from '../../src/testing';
import { collect } from '../helpers/fake-agent';
import { eventually } from '../helpers/eventually';
import { setProxyEnvironment, startRecordingProxy, type RecordingProxy } from '../helpers/recording-proxy';

const fixtures = join(__dirname, '..', 'testing', 'fixtures');
const cert = readFileSync(join(fixtures, 'localhost-cert.pem'), 'utf8');
const key = readFileSync(join(fixtures, 'localhost-key.pem'), 'utf8');
const fast = { initialDelay: 1, maxDelay: 8 };

let emulator: ConsulEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('consulEvents$ against the loopback emulator', () => {
  it('delivers events fired with fireEvent over real sockets, payload bytes intact', async () => {
    emulator = await startConsulEmulator();
    const at = { port: emulator.port };
    const watch = collect(consulEvents$('deploy', { ...at, replay: false }));
    await eventually(() => emulator!.openListRequests === 1 && emulator!.store.pendingWaits === 1);
    const fired = await fireEvent('deploy', new Uint8Array([0, 1, 2, 250, 255]), at);
    await eventually(() => watch.values.length === 1);
    expect(watch.values[0]!.ID).toBe(fired.ID);
    expect([...Buffer.from(watch.values[0]!.Payload!, 'base64')]).toEqual([0, 1, 2, 250, 255]);
  });

  it('times out a request the agent never answers, and retries it', async () => {
    emulator = await startConsulEmulator();
    emulator.injectFault({ kind: 'hang' }, { route: 'list' });
    const fired = emulator.fire('deploy', 'a');
    // wait 1 ms: the HTTP timeout is 1 ms + 1 ms + a 1 s margin. maxRetries 0 shows the error itself.
    const watch = collect(consulEvents$('deploy', { port: emulator.port, timeout: 0.001, retry: { ...fast, maxRetries: 0 } }));
    await eventually(() => watch.error !== undefined);
    expect(watch.error).toBeInstanceOf(ConsulTimeoutError);
    expect(watch.values).toEqual([]);
    const retried = collect(consulEvents$('deploy', { port: emulator.port, retry: fast }));
    await eventually(() => retried.values.length === 1);
    expect(retried.values[0]!.ID).toBe(fired.ID);
  });

  it('recovers from an agent restart mid-stream, delivering each event once', async () => {
    emulator = await startConsulEmulator();
    const before = emulator.fire('deploy', 'before');
    const watch = collect(consulEvents$('deploy', { port: emulator.port, retry: fast }));
    await eventually(() => watch.values.length === 1 && emulator!.store.pendingWaits === 1);
    emulator.restart();
    const after = emulator.fire('deploy', 'after');
    await eventually(() => watch.values.length === 2);
    expect(watch.values.map((e) => e.ID)).toEqual([before.ID, after.ID]);
    expect(watch.error).toBeUndefined();
  });

  it('sends the token the agent asks for, and ends with 403 ACL not found on an unknown one', async () => {
    emulator = await startConsulEmulator({ acl: { tokens: { 'reader-token': { read: ['deploy'] } } } });
    emulator.fire('deploy', 'a');
    const allowed = collect(consulEvents$('deploy', { port: emulator.port, token: 'reader-token' }));
    await eventually(() => allowed.values.length === 1);
    const denied = collect(consulEvents$('deploy', { port: emulator.port, token: 'wrong-token', retry: fast }));
    await eventually(() => denied.error !== undefined);
    expect(denied.error).toBeInstanceOf(ConsulHttpError);
    expect((denied.error as ConsulHttpError).status).toBe(403);
    expect((denied.error as Error).message).toMatch(/ACL not found/);
    expect((denied.error as Error).message).not.toContain('wrong-token');
  });
});

describe('consulEvents$ over TLS', () => {
  beforeEach(async () => {
    emulator = await startConsulEmulator({ tls: { cert, key } });
    emulator.fire('deploy', 'secure');
  });

  it('verifies the certificate by default: a self-signed one ends the stream, not retried', async () => {
    const watch = collect(consulEvents$('deploy', { port: emulator!.port, scheme: 'https', retry: fast }));
    await eventually(() => watch.error !== undefined);
    expect(watch.error).toBeInstanceOf(ConsulError);
    expect((watch.error as ConsulError).transient).toBe(false);
    expect((watch.error as Error).message).toMatch(/TLS with Consul failed .*self-signed certificate/);
  });

  it('trusts a given CA', async () => {
    const watch = collect(consulEvents$('deploy', { port: emulator!.port, scheme: 'https', ca: cert }));
    await eventually(() => watch.values.length === 1);
  });

  it('trusts the CA named by CONSUL_CACERT', async () => {
    process.env.CONSUL_HTTP_ADDR = `https://127.0.0.1:${emulator!.port}`;
    process.env.CONSUL_CACERT = join(fixtures, 'localhost-cert.pem');
    try {
      const watch = collect(consulEvents$('deploy'));
      await eventually(() => watch.values.length === 1);
    } finally {
      delete process.env.CONSUL_HTTP_ADDR;
      delete process.env.CONSUL_CACERT;
    }
  });

  it('skips verification only when told to with sslVerify: false', async () => {
    const watch = collect(consulEvents$('deploy', { port: emulator!.port, scheme: 'https', sslVerify: false }));
    await eventually(() => watch.values.length === 1);
  });

  it('fires over TLS with the same options', async () => {
    const event = await fireEvent('deploy', 'tls', { port: emulator!.port, scheme: 'https', ca: cert });
    expect(emulator!.store.list('deploy').events.map((e) => e.ID)).toContain(event.ID);
  });
});

describe('consulEvents$ and fireEvent with the proxy environment set', () => {
  const TOKEN = 'proxy-test-token';
  let proxy: RecordingProxy;
  let undoEnvironment: () => void;
  beforeEach(async () => {
    proxy = await startRecordingProxy();
    undoEnvironment = setProxyEnvironment(proxy.url);
  });
  afterEach(async () => {
    undoEnvironment();
    await proxy.close();
  });

  it.each([
    ['HTTP', {}],
    ['TLS (no CONNECT either)', { tls: { cert, key } }],
  ] as const)('go straight to the agent over %s: a working proxy named by HTTP(S)_PROXY/ALL_PROXY sees no request and no token', async (_, serving) => {
    emulator = await startConsulEmulator({ ...serving, acl: { tokens: { [TOKEN]: { read: '*', write: '*' } } } });
    const at = { port: emulator.port, token: TOKEN, ...('tls' in serving && { scheme: 'https' as const, ca: cert }) };
    const watch = collect(consulEvents$('deploy', { ...at, replay: false }));
    await eventually(() => emulator!.store.pendingWaits === 1);
    const fired = await fireEvent('deploy', 'direct', at);
    await eventually(() => watch.values.length === 1);
    expect(watch.values.map((event) => event.ID)).toEqual([fired.ID]);
    expect(proxy.requests).toEqual([]);
  });
});
