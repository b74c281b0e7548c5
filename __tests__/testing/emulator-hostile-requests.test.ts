import * as http from 'node:http';
import { startConsulEmulator, type ConsulEmulator } from '../../src/testing';

let emulator: ConsulEmulator;
beforeEach(async () => {
  emulator = await startConsulEmulator();
});
afterEach(() => emulator.close());

interface Sent {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Sends `chunks` as the body, one write each, through node:http (so nothing is buffered client-side). */
function send(method: string, path: string, chunks: Buffer[], headers: http.OutgoingHttpHeaders = {}, agent?: http.Agent): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${emulator.url}${path}`, { method, headers, agent: agent ?? false }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on('error', reject);
    const writeNext = (index: number): void => {
      if (index === chunks.length) {
        request.end();
        return;
      }
      if (request.write(chunks[index])) writeNext(index + 1);
      else request.once('drain', () => writeNext(index + 1));
    };
    writeNext(0);
  });
}

const megabytes = (count: number): Buffer[] => Array.from({ length: count }, () => Buffer.alloc(1024 * 1024, 0x78));

describe('the emulator under hostile requests', () => {
  it('answers a 20 MB fire body with the oversized-event refusal, keeping at most 513 bytes of it', async () => {
    const fire = jest.spyOn(emulator.store, 'fire');
    const answer = await send('PUT', '/v1/event/fire/deploy', megabytes(20), { 'Content-Length': 20 * 1024 * 1024 });
    expect([answer.status, answer.body]).toEqual([500, expect.stringContaining('user event exceeds configured limit of 512 bytes before encoding')]);
    expect((fire.mock.calls[0]?.[1] as Uint8Array).length).toBe(513);
    expect(emulator.store.list().events).toEqual([]);
  });

  it('keeps the connection of a large fire body with a length, as the agent reads it to its end', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const answer = await send('PUT', '/v1/event/fire/deploy', megabytes(1), { 'Content-Length': 1024 * 1024 }, agent);
    expect([answer.status, answer.headers.connection]).toEqual([500, 'keep-alive']);
    expect((await send('PUT', '/v1/event/fire/deploy', [Buffer.from('v1')], {}, agent)).status).toBe(200);
    expect(emulator.connections.mostFromOneClient).toBe(1);
    agent.destroy();
  });

  it('fires a chunked body as no payload, and closes the connection once it has discarded 256 KiB of it', async () => {
    const agent = new http.Agent({ keepAlive: true });
    const large = await send('PUT', '/v1/event/fire/deploy', megabytes(2), { 'Transfer-Encoding': 'chunked' }, agent);
    expect([large.status, JSON.parse(large.body).Payload, large.headers.connection]).toEqual([200, null, 'close']);
    const small = await send('PUT', '/v1/event/fire/deploy', [Buffer.alloc(100 * 1024)], { 'Transfer-Encoding': 'chunked' }, agent);
    expect([small.status, JSON.parse(small.body).Payload, small.headers.connection]).toEqual([200, null, 'keep-alive']);
    agent.destroy();
  });

  it('does not read a large body sent with a list request, and closes the connection after answering', async () => {
    const agent = new http.Agent({ keepAlive: true });
    const answer = await send('GET', '/v1/event/list', megabytes(1), { 'Content-Length': 1024 * 1024 }, agent);
    expect([answer.status, answer.body, answer.headers.connection]).toEqual([200, '[]', 'close']);
    agent.destroy();
  });

  it.each([
    ['a 100 KB URL', `/v1/event/list?name=${'x'.repeat(100_000)}`, {}],
    ['a 100 KB header', '/v1/event/list', { 'X-Consul-Token': 'x'.repeat(100_000) }],
  ])('refuses %s with 431 and goes on serving', async (_, path, headers) => {
    expect((await send('GET', path, [], headers)).status).toBe(431);
    expect((await fetch(`${emulator.url}/v1/event/list`)).status).toBe(200);
  });
});
