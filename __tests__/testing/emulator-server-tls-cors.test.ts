import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { startConsulEmulator, type ConsulEmulator } from '../../src/testing';
import { eventually } from '../helpers/eventually';
import { get } from './node-get';

let emulator: ConsulEmulator;
afterEach(() => emulator.close());

describe('startConsulEmulator({ tls })', () => {
  const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name));
  const tls = { key: fixture('localhost-key.pem'), cert: fixture('localhost-cert.pem') };

  it('serves HTTPS with the given key and certificate', async () => {
    emulator = await startConsulEmulator({ tls });
    emulator.fire('deploy');
    expect(emulator.url).toBe(`https://127.0.0.1:${emulator.port}`);
    const answer = await get(`${emulator.url}/v1/event/list`, { ca: tls.cert });
    expect([answer.status, JSON.parse(answer.body)]).toEqual([200, [expect.objectContaining({ Name: 'deploy' })]]);
  });

  it('rejects a client that does not trust the certificate', async () => {
    emulator = await startConsulEmulator({ tls });
    await expect(get(`${emulator.url}/v1/event/list`)).rejects.toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
  });

  it('drops connections on reset faults and restarts', async () => {
    emulator = await startConsulEmulator({ tls });
    emulator.injectFault({ kind: 'reset' });
    await expect(get(`${emulator.url}/v1/event/list`, { ca: tls.cert })).rejects.toMatchObject({ code: 'ECONNRESET' });
    const blocked = get(`${emulator.url}/v1/event/list?index=1&wait=10m`, { ca: tls.cert });
    await eventually(() => emulator.store.pendingWaits === 1);
    emulator.restart();
    await expect(blocked).rejects.toMatchObject({ code: 'ECONNRESET' });
  });

  it('closes promptly even with a client stuck before the TLS handshake', async () => {
    emulator = await startConsulEmulator({ tls });
    const silent = connect(emulator.port, '127.0.0.1');
    await once(silent, 'connect');
    const dropped = once(silent, 'close'); // rejects with the socket's error, if it has one
    await emulator.close();
    await expect(dropped).rejects.toMatchObject({ code: 'ECONNRESET' });
  });
});

describe('startConsulEmulator({ cors })', () => {
  it('answers a preflight and lets a browser read the index header', async () => {
    emulator = await startConsulEmulator({ cors: true });
    const preflight = await fetch(`${emulator.url}/v1/event/list`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://app.test', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'x-consul-token' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('Access-Control-Allow-Origin')).toBe('http://app.test');
    expect(preflight.headers.get('Access-Control-Allow-Methods')).toBe('GET, PUT, OPTIONS');
    expect(preflight.headers.get('Access-Control-Allow-Headers')).toBe('x-consul-token');
    const answer = await fetch(`${emulator.url}/v1/event/list`, { headers: { Origin: 'http://app.test' } });
    expect(answer.headers.get('Access-Control-Expose-Headers')).toContain('X-Consul-Index');
    expect(answer.headers.get('Vary')).toBe('Origin, Accept-Encoding');
  });

  it('sends no CORS headers by default, like an agent', async () => {
    emulator = await startConsulEmulator();
    const answer = await fetch(`${emulator.url}/v1/event/list`, { headers: { Origin: 'http://app.test' } });
    expect(answer.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });
});
