import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** A static server for the test page, on its own port: a different origin from the emulator. */
export interface PageServer {
  /** Base URL, e.g. `http://127.0.0.1:41235`. */
  readonly url: string;
  /** List requests the proxy forwarded in all, holds open right now, and held at most at once. */
  readonly proxiedLists: { readonly total: number; readonly open: number; readonly most: number };
  /** `/api/ping` requests answered so far. */
  readonly pings: number;
  close(): Promise<void>;
}

/**
 * Serves `/` (page/index.html), `/main.js` (the bundle), `/elsewhere` (a page to navigate to),
 * an empty favicon and `/api/ping` (the app's own API, answered at once). With `agentPort`,
 * it also forwards `/v1/event/*` to the agent over HTTP/1.1, as the README's dev-server
 * proxy does, so the page reaches Consul on its own origin.
 */
export async function startPageServer(script: string, agentPort?: number): Promise<PageServer> {
  const html = readFileSync(join(__dirname, 'page', 'index.html'), 'utf8');
  const routes: Record<string, readonly [string, string]> = {
    '/': ['text/html; charset=utf-8', html],
    '/main.js': ['text/javascript; charset=utf-8', script],
    '/elsewhere': ['text/html; charset=utf-8', '<!doctype html><title>elsewhere</title><p>Another page</p>'],
    '/favicon.ico': ['image/x-icon', ''],
  };
  const lists = { total: 0, open: 0, most: 0 };
  let pings = 0;
  const forward = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const isList = req.url?.startsWith('/v1/event/list') === true;
    if (isList) {
      lists.total += 1;
      lists.most = Math.max(lists.most, ++lists.open);
    }
    let counted = isList;
    const done = () => {
      if (counted) lists.open -= 1;
      counted = false;
    };
    res.once('close', done);
    const upstream = http.request({ host: '127.0.0.1', port: agentPort, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    res.once('close', () => upstream.destroy());
    req.pipe(upstream);
  };
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (agentPort !== undefined && path.startsWith('/v1/event/')) return forward(req, res);
    if (path === '/api/ping') {
      pings += 1;
      return void res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' }).end('pong');
    }
    const route = routes[path];
    if (!route) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': route[0], 'Cache-Control': 'no-store' }).end(route[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    proxiedLists: lists,
    get pings() {
      return pings;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
