import type { Socket } from 'node:net';
import { CONNECTION_LIMIT_TEXT } from '../consul/connection-limit';

/**
 * Consul's `limits.http_max_conns_per_client` default: open TCP connections one client IP
 * may hold on the agent's HTTP port.
 *
 * @example
 * ```ts
 * await startConsulEmulator({ maxConnsPerClient: DEFAULT_MAX_CONNS_PER_CLIENT }); // same as the default
 * ```
 */
export const DEFAULT_MAX_CONNS_PER_CLIENT = 200;

const TOO_MANY_CONNECTIONS_TEXT = `${CONNECTION_LIMIT_TEXT}\n`;

/**
 * The bytes the agent writes, at accept, to a connection over the limit, before closing it
 * (hashicorp/go-connlimit's default 429 handler; no `Retry-After`, no `Date`).
 *
 * @example
 * ```ts
 * socket.end(TOO_MANY_CONNECTIONS_RESPONSE);
 * ```
 */
export const TOO_MANY_CONNECTIONS_RESPONSE: Uint8Array = new TextEncoder().encode(
  'HTTP/1.1 429 Too Many Requests\r\n' +
    'Content-Type: text/plain\r\n' +
    `Content-Length: ${TOO_MANY_CONNECTIONS_TEXT.length}\r\n` +
    'Connection: close\r\n\r\n' +
    TOO_MANY_CONNECTIONS_TEXT,
);

/**
 * What the limiter has seen, for tests: connections open now per client IP, the most one
 * client held at once, and how many were refused.
 *
 * @example
 * ```ts
 * const { open, openByClient, mostFromOneClient, refused } = emulator.connections;
 * // 2, { '127.0.0.1': 2 }, 3, 0
 * ```
 */
export interface ConnectionCounts {
  /** Connections open now, all clients together (refused ones not counted). */
  readonly open: number;
  /** Connections open now per client IP (IPv4-mapped IPv6 addresses written as IPv4). */
  readonly openByClient: Readonly<Record<string, number>>;
  /** The most connections one client IP held at once since the emulator started. */
  readonly mostFromOneClient: number;
  /** Connections refused with the 429 since the emulator started. */
  readonly refused: number;
}

/**
 * The client IP as go-connlimit keys it: Go prints an IPv4-mapped IPv6 address
 * (`::ffff:127.0.0.1`, what a dual-stack Node listener reports) as plain IPv4.
 *
 * @example
 * ```ts
 * clientKey('::ffff:127.0.0.1'); // '127.0.0.1'
 * clientKey('::1');              // '::1'
 * ```
 */
export function clientKey(remoteAddress: string | undefined): string {
  const address = remoteAddress ?? '';
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address) ? address.slice('::ffff:'.length) : address;
}

/**
 * Counts open connections per client IP the way go-connlimit does: a connection is
 * counted when accepted, uncounted when it closes; one that would take its client over
 * `maxPerClient` is refused and never counted. `0` means no limit.
 *
 * @example
 * ```ts
 * const limiter = new ConnectionLimiter(2);
 * server.on('connection', (socket) => (limiter.admit(socket) ? serve(socket) : refuse(socket)));
 * ```
 */
export class ConnectionLimiter {
  private readonly openPerClient = new Map<string, number>();
  private mostFromOneClient = 0;
  private refused = 0;

  /** @param maxPerClient connections one client IP may hold at once; `0` = no limit. */
  constructor(readonly maxPerClient: number) {}

  /** Counts `socket` and returns `true`, or returns `false` (and counts a refusal) when its client is at the limit. */
  admit(socket: Socket): boolean {
    const client = clientKey(socket.remoteAddress);
    const open = this.openPerClient.get(client) ?? 0;
    if (this.maxPerClient > 0 && open >= this.maxPerClient) {
      this.refused += 1;
      return false;
    }
    this.openPerClient.set(client, open + 1);
    this.mostFromOneClient = Math.max(this.mostFromOneClient, open + 1);
    socket.once('close', () => this.release(client));
    return true;
  }

  /** A snapshot of the counts. */
  counts(): ConnectionCounts {
    const openByClient = Object.fromEntries(this.openPerClient);
    const open = [...this.openPerClient.values()].reduce((sum, count) => sum + count, 0);
    return Object.freeze({ open, openByClient: Object.freeze(openByClient), mostFromOneClient: this.mostFromOneClient, refused: this.refused });
  }

  private release(client: string): void {
    const open = (this.openPerClient.get(client) ?? 1) - 1;
    if (open === 0) this.openPerClient.delete(client);
    else this.openPerClient.set(client, open);
  }
}
