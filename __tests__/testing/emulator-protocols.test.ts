import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as http2 from 'node:http2';
import * as https from 'node:https';
import { join } from 'node:path';
import { startConsulEmulator, type ConsulEmulator } from '../../src/testing';
import { eventually } from '../helpers/eventually';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name));
const tls = { key: fixture('localhost-key.pem'), cert: fixture('localhost-cert.pem') };

let emulator: ConsulEmulator;
afterEach(() => emulator.close());

/** What an HTTP/2 request got instead of an answer: its stream closed before any response headers. */
class ClosedWithoutAnswer extends Error {
  constructor(readonly rstCode: number | undefined, cause: Error | undefined) {
    super(`the stream closed without an answer (RST_STREAM code ${rstCode}${cause ? `, ${cause.message}` : ''})`, { cause });
  }
}

/**
 * One request over an HTTP/2 session; resolves with its status, headers and body, or
 * rejects with {@link ClosedWithoutAnswer} (the stream's error, if any, as its cause).
 */
function h2Request(session: http2.ClientHttp2Session, headers: http2.OutgoingHttpHeaders, body?: string) {
  return new Promise<{ status: number; headers: http2.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const stream = session.request(headers, { endStream: body === undefined });
    let text = '';
    let answer: http2.IncomingHttpHeaders | undefined;
    let failure: Error | undefined;
    stream.on('response', (received) => (answer = received));
    stream.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    stream.on('error', (error) => (failure = error));
    // A stream the server cancels may end without an error and without an answer.
    stream.on('close', () => {
      if (answer === undefined || failure !== undefined) reject(new ClosedWithoutAnswer(stream.rstCode, failure));
      else resolve({ status: Number(answer[':status']), headers: answer, body: text });
    });
    if (body !== undefined) stream.end(body);
  });
}

/** A keep-alive GET through node:http(s); resolves with the answer's headers. */
function keepAliveGet(url: string): Promise<http.IncomingHttpHeaders> {
  const client = url.startsWith('https:') ? https : http;
  const agent = new client.Agent({ keepAlive: true, ...(url.startsWith('https:') && { ca: tls.cert }) });
  return new Promise((resolve, reject) => {
    client.get(url, { agent }, (response) => {
      response.resume().on('end', () => {
        agent.destroy();
        resolve(response.headers);
      });
    }).on('error', reject);
  });
}

describe('startConsulEmulator(): keep-alive connections', () => {
  it.each([
    ['HTTP', undefined],
    ['HTTP/1.1 over TLS', tls],
  ])('sets no idle timeout on a kept-alive connection over %s, so announces none', async (_, withTls) => {
    emulator = await startConsulEmulator(withTls ? { tls: withTls } : {});
    const headers = await keepAliveGet(`${emulator.url}/v1/event/list`);
    expect([headers.connection, headers['keep-alive']]).toEqual(['keep-alive', undefined]);
  });
});

describe('startConsulEmulator({ tls }) over HTTP/2', () => {
  let session: http2.ClientHttp2Session;
  beforeEach(async () => {
    emulator = await startConsulEmulator({ tls });
    session = http2.connect(emulator.url, { ca: tls.cert }).on('error', () => {});
  });
  afterEach(() => session.close());
  const list = (query = '') => h2Request(session, { ':path': `/v1/event/list${query}` });

  it('multiplexes long-polls and fires over one connection, as a browser does with the agent', async () => {
    const polls = [list('?index=1&wait=10m'), list('?index=1&wait=10m&name=deploy'), list('?index=1&wait=10m')];
    await eventually(() => emulator.store.pendingWaits === 3);
    const fired = await h2Request(session, { ':method': 'PUT', ':path': '/v1/event/fire/deploy', 'content-length': '2' }, 'v1');
    expect([fired.status, JSON.parse(fired.body).Payload]).toEqual([200, 'djE=']);
    const answers = await Promise.all(polls);
    expect(answers.map((answer) => [answer.status, JSON.parse(answer.body).length])).toEqual([[200, 1], [200, 1], [200, 1]]);
    expect(answers[0]!.headers['x-consul-index']).toBe(answers[1]!.headers['x-consul-index']);
    expect(emulator.connections).toMatchObject({ open: 1, mostFromOneClient: 1 });
    expect(session.alpnProtocol).toBe('h2');
  });

  it('drops a body sent without a content-length, as Go reads it as of unknown length', async () => {
    const fired = await h2Request(session, { ':method': 'PUT', ':path': '/v1/event/fire/deploy' }, 'lost');
    expect(JSON.parse(fired.body).Payload).toBeNull();
  });

  it('resets only the faulty request’s stream, not the connection its neighbours share', async () => {
    const neighbour = list('?index=1&wait=10m');
    await eventually(() => emulator.store.pendingWaits === 1);
    emulator.injectFault({ kind: 'reset' }, { route: 'list' });
    await expect(list()).rejects.toMatchObject({ cause: { code: 'ERR_HTTP2_STREAM_ERROR' } });
    emulator.fire('deploy');
    expect((await neighbour).status).toBe(200);
  });

  it('drops every session on restart', async () => {
    const blocked = list('?index=1&wait=10m');
    await eventually(() => emulator.store.pendingWaits === 1);
    emulator.restart();
    await expect(blocked).rejects.toBeInstanceOf(ClosedWithoutAnswer);
    await eventually(() => session.destroyed, { what: 'the client session to be dropped with its connection' });
  });
});
