import * as net from 'node:net';

/** A fake agent that writes raw bytes, for answers no HTTP server would send. */
export interface RawAgent {
  readonly port: number;
  /** Destroys every connection and stops listening. */
  close(): Promise<void>;
}

/**
 * Starts a raw TCP agent on loopback: `onConnection(n, socket)` runs for each connection as it
 * is accepted (n counts from 1) and writes whatever bytes the test needs.
 */
export async function startRawAgent(onConnection: (n: number, socket: net.Socket) => void): Promise<RawAgent> {
  let count = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    onConnection(++count, socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => new Promise<void>((resolve) => {
      sockets.forEach((socket) => socket.destroy());
      server.close(() => resolve());
    }),
  };
}
