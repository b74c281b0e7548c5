import * as http from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

/** What reached a {@link RecordingProxy}: the request line and every header, as sent. */
export interface ProxiedRequest {
  readonly method: string;
  /** The request target: an absolute URL for a forwarded request, `host:port` for CONNECT. */
  readonly target: string;
  readonly headers: http.IncomingHttpHeaders;
}

/**
 * A working HTTP proxy on loopback that records every request before forwarding it (plain
 * requests to their absolute URL, CONNECT as a tunnel). It forwards, so a client that used
 * it would still get its answers: only `requests` tells that it went through a proxy.
 */
export interface RecordingProxy {
  readonly url: string;
  readonly requests: ProxiedRequest[];
  close(): Promise<void>;
}

/**
 * Starts a {@link RecordingProxy} on a free loopback port; `close()` drops every connection.
 *
 * @example
 * const proxy = await startRecordingProxy();
 * const undo = setProxyEnvironment(proxy.url);
 * // ... exercise a client ...
 * undo();
 * expect(proxy.requests).toEqual([]);
 * await proxy.close();
 */
export async function startRecordingProxy(): Promise<RecordingProxy> {
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', target: req.url ?? '', headers: req.headers });
    const forwarded = http.request(req.url ?? '', { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forwarded.on('error', () => res.destroy());
    req.pipe(forwarded);
  });
  server.on('connection', track);
  server.on('connect', (req: http.IncomingMessage, client: Socket, head: Buffer) => {
    requests.push({ method: 'CONNECT', target: req.url ?? '', headers: req.headers });
    const [host, port] = (req.url ?? '').split(/:(?=\d+$)/);
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    track(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      sockets.forEach((socket) => socket.destroy());
      await closed;
    },
  };
}

/** Every variable a proxy-aware HTTP client reads, both spellings. */
const PROXY_VARIABLES = ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy'];
const NO_PROXY_VARIABLES = ['NO_PROXY', 'no_proxy'];

/**
 * Points every proxy variable of `process.env` at `url` and clears NO_PROXY (so loopback is
 * not exempt); returns the undo, which puts the environment back as it was.
 *
 * @example
 * const undo = setProxyEnvironment('http://127.0.0.1:3128');
 * try { ... } finally { undo(); }
 */
export function setProxyEnvironment(url: string): () => void {
  const names = [...PROXY_VARIABLES, ...NO_PROXY_VARIABLES];
  const before = new Map(names.map((name) => [name, process.env[name]]));
  for (const name of PROXY_VARIABLES) process.env[name] = url;
  for (const name of NO_PROXY_VARIABLES) delete process.env[name];
  return () => {
    for (const [name, value] of before) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}
