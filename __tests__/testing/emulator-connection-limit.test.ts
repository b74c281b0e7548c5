import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { connect as connectTls } from 'node:tls';
import { emulatorOptions } from '../../src/cli/emulator-command';
import { startConsulEmulator, type ConsulEmulator } from '../../src/testing';
import { eventually } from '../helpers/eventually';

// go-connlimit's default 429 handler writes exactly these bytes, then closes.
const CONSUL_429 =
  'HTTP/1.1 429 Too Many Requests\r\nContent-Type: text/plain\r\nContent-Length: 81\r\nConnection: close\r\n\r\n' +
  'Your IP is issuing too many concurrent connections, please rate limit your calls\n';

let emulator: ConsulEmulator;
let started: ConsulEmulator | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  sockets.splice(0).forEach((socket) => socket.destroy());
  await started?.close();
  started = undefined;
});

async function start(options: Parameters<typeof startConsulEmulator>[0]): Promise<void> {
  emulator = started = await startConsulEmulator(options);
}

/** Opens `count` raw TCP connections and waits until the emulator counts them all. */
async function hold(count: number): Promise<void> {
  const opened = Array.from({ length: count }, () => connect(emulator.port, '127.0.0.1').on('error', () => {}));
  sockets.push(...opened);
  await Promise.all(opened.map((socket) => once(socket, 'connect')));
  await eventually(() => emulator.connections.open >= count);
}

/** Everything the server sends on a new connection until it closes it. */
async function refusal(send = 'GET /v1/event/list HTTP/1.1\r\nHost: x\r\n\r\n'): Promise<string> {
  const socket = connect(emulator.port, '127.0.0.1', () => socket.write(send));
  sockets.push(socket);
  let received = '';
  socket.setEncoding('latin1').on('data', (chunk: string) => (received += chunk));
  await once(socket, 'close');
  return received;
}

describe('startConsulEmulator({ maxConnsPerClient })', () => {
  it('answers the connection over the limit with Consul’s exact 429 bytes and closes it', async () => {
    await start({ maxConnsPerClient: 2 });
    await hold(2);
    expect(await refusal()).toBe(CONSUL_429);
    expect(await refusal('')).toBe(CONSUL_429); // at accept: before the client sends anything
    expect(emulator.connections).toEqual({ open: 2, openByClient: { '127.0.0.1': 2 }, mostFromOneClient: 2, refused: 2 });
  });

  it('counts connections, not requests: a closed connection frees its place', async () => {
    await start({ maxConnsPerClient: 2 });
    await hold(2);
    sockets.pop()!.destroy();
    await eventually(() => emulator.connections.open === 1);
    const answer = await fetch(`${emulator.url}/v1/event/list`);
    expect(answer.status).toBe(200);
    expect(emulator.connections.refused).toBe(0);
  });

  it('limits at 200 connections per client by default', async () => {
    await start({});
    await hold(200);
    expect(await refusal()).toBe(CONSUL_429);
    expect(emulator.connections).toMatchObject({ open: 200, mostFromOneClient: 200, refused: 1 });
  });

  it('sets no limit with 0', async () => {
    await start({ maxConnsPerClient: 0 });
    await hold(201);
    expect((await fetch(`${emulator.url}/v1/event/list`)).status).toBe(200);
    expect(emulator.connections.refused).toBe(0);
  });

  it('refuses a bad limit, naming the option and the value', async () => {
    await expect(startConsulEmulator({ maxConnsPerClient: -1 })).rejects.toThrow(
      'startConsulEmulator: maxConnsPerClient must be a whole number (0 = no limit), got -1',
    );
  });

  it('shows a node:http client the 429 for each long-poll past the limit, and never counts them as requests', async () => {
    await start({ maxConnsPerClient: 3 });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 5 });
    const statuses = Array.from({ length: 5 }, () =>
      new Promise<number>((resolve, reject) => {
        http.get(`${emulator.url}/v1/event/list?index=1&wait=10m`, { agent }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        }).on('error', reject);
      }),
    );
    await eventually(() => emulator.connections.refused === 2 && emulator.store.pendingWaits === 3);
    expect(emulator.openListRequests).toBe(3);
    emulator.fire('deploy');
    expect((await Promise.all(statuses)).sort()).toEqual([200, 200, 200, 429, 429]);
    agent.destroy();
  });

  it('closes without waiting for a refused client that keeps its side of the connection open', async () => {
    await start({ maxConnsPerClient: 1 });
    await hold(1);
    const refused = connect({ port: emulator.port, host: '127.0.0.1', allowHalfOpen: true });
    sockets.push(refused);
    refused.on('error', () => {}).resume();
    const closed = new Promise((resolve) => refused.once('close', resolve));
    await once(refused, 'end'); // the 429 came, and the emulator's side is done
    expect(refused.destroyed).toBe(false);
    await emulator.close();
    refused.write('still there?'); // the emulator's end is gone: the kernel resets the connection
    await closed;
    expect([emulator.openListRequests, emulator.connections.open]).toEqual([0, 0]);
  });
});

describe('startConsulEmulator({ tls, maxConnsPerClient })', () => {
  const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name));
  const tls = { key: fixture('localhost-key.pem'), cert: fixture('localhost-cert.pem') };

  it('writes the same 429 inside TLS, as the agent writes on the TLS connection', async () => {
    await start({ tls, maxConnsPerClient: 1 });
    await hold(1);
    const socket = connectTls({ port: emulator.port, host: '127.0.0.1', ca: tls.cert, ALPNProtocols: ['http/1.1'] });
    let received = '';
    socket.setEncoding('latin1').on('data', (chunk: string) => (received += chunk));
    await once(socket, 'end');
    socket.destroy();
    expect(received).toBe(CONSUL_429);
  });
});

describe('consul-events emulator --max-conns-per-client N', () => {
  it('passes the limit to the emulator, 0 included, and refuses a value that is not a whole number', () => {
    expect(emulatorOptions(['--max-conns-per-client', '0'])).toEqual({ port: 8500, maxConnsPerClient: 0 });
    expect(emulatorOptions([])).toEqual({ port: 8500 });
    expect(() => emulatorOptions(['--max-conns-per-client', '2.5'])).toThrow(
      '--max-conns-per-client must be a whole number, got "2.5"',
    );
  });
});
