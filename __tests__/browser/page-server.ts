import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** A static server for the test page, on its own port: a different origin from the emulator. */
export interface PageServer {
  /** Base URL, e.g. `http://127.0.0.1:41235`. */
  readonly url: string;
  close(): Promise<void>;
}

/** Serves `/` (page/index.html), `/main.js` (the bundle), `/elsewhere` (a page to navigate to) and an empty favicon. */
export async function startPageServer(script: string): Promise<PageServer> {
  const html = readFileSync(join(__dirname, 'page', 'index.html'), 'utf8');
  const routes: Record<string, readonly [string, string]> = {
    '/': ['text/html; charset=utf-8', html],
    '/main.js': ['text/javascript; charset=utf-8', script],
    '/elsewhere': ['text/html; charset=utf-8', '<!doctype html><title>elsewhere</title><p>Another page</p>'],
    '/favicon.ico': ['image/x-icon', ''],
  };
  const server = http.createServer((req, res) => {
    const route = routes[new URL(req.url ?? '/', 'http://localhost').pathname];
    if (!route) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': route[0], 'Cache-Control': 'no-store' }).end(route[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
