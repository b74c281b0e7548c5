import { consulEvents$ } from '../client/consul-events';
import { fireEvent } from '../client/fire-event';
import { startConsulEmulator } from '../testing/emulator-server';
import type { CliIo } from './cli-io';
import { connectionOptions } from './connection-flags';
import { eventJsonLine } from './event-json';

export const DEMO_HELP = `Usage: consul-events demo

The library at work with nothing else installed. With CONSUL_HTTP_ADDR unset it starts the
emulated agent in this process, watches it with consulEvents$, fires a few events through
the HTTP API and prints each one as it arrives, then keeps watching until Ctrl-C. With
CONSUL_HTTP_ADDR set it only watches that agent (every event name).

Examples:
  consul-events demo
  CONSUL_HTTP_ADDR=127.0.0.1:8500 consul-events demo`;

const DEMO_EVENTS: Array<[name: string, payload: string | null]> = [
  ['deploy', 'v1.2.3'],
  ['restart', null],
  ['config', '{"feature":"dark-mode","on":true}'],
];
const DEMO_FIRE_INTERVAL_MS = 700;

/**
 * `consul-events demo` (what `npm start` runs): resolves with the exit code once stopped.
 *
 * @example
 * ```ts
 * await demoCommand(processIo());
 * ```
 */
export async function demoCommand(io: CliIo): Promise<number> {
  const external = io.env.CONSUL_HTTP_ADDR;
  const emulator = external ? undefined : await startConsulEmulator();
  const connection = emulator ? { host: '127.0.0.1', port: emulator.port, scheme: 'http' as const } : connectionOptions({}, io.env);
  io.stderr.write(emulator
    ? `Started an emulated Consul agent at ${emulator.url} (set CONSUL_HTTP_ADDR to watch a real one).\n` +
      `Fire your own: CONSUL_HTTP_ADDR=${emulator.url} npm run cli -- fire deploy v2\n`
    : `Watching every event on ${external}.\n`);
  io.stderr.write('Watching every event name; Ctrl-C to stop.\n');

  const timers: NodeJS.Timeout[] = [];
  return new Promise((resolve) => {
    const finish = async (code: number) => {
      removeStop();
      timers.forEach(clearTimeout);
      subscription.unsubscribe();
      await emulator?.close();
      resolve(code);
    };
    const subscription = consulEvents$(undefined, connection).subscribe({
      next: (event) => io.stdout.write(`${eventJsonLine(event)}\n`),
      error: (error: Error) => {
        io.stderr.write(`consul-events: ${error.message}\n`);
        void finish(1);
      },
    });
    if (emulator) {
      DEMO_EVENTS.forEach(([name, payload], i) => {
        timers.push(setTimeout(() => {
          fireEvent(name, payload, connection).catch((error: Error) => io.stderr.write(`consul-events: ${error.message}\n`));
        }, (i + 1) * DEMO_FIRE_INTERVAL_MS));
      });
    }
    const removeStop = io.onStop(() => void finish(0));
  });
}
