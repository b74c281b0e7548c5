import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { EventAclConfig } from '../consul/event-acl';
import { startConsulEmulator, type ConsulEmulatorOptions } from '../testing/emulator-server';
import { onStopSignal } from './signals';
import { UsageError } from './usage-error';

export const EMULATOR_HELP = `Usage: consul-events emulator [options]

Runs an emulated Consul agent's event endpoints (GET /v1/event/list, PUT /v1/event/fire/:name)
in the foreground, with Consul's blocking queries, 256-event buffer and index, until Ctrl-C.
For tests and demos where no Consul binary can run.

Options:
  --port PORT            port to listen on; 0 picks a free one (default 8500)
  --host ADDR            address to listen on (default 127.0.0.1)
  --acl-file FILE        JSON ACLs in Consul's terms: {"default_policy": "deny",
                         "policies": {"NAME": "event \\"deploy\\" { policy = \\"read\\" }"},
                         "tokens": {"SECRET": ["NAME"]}, "default_token": "SECRET"}
                         (or the shorthand {"tokens": {"SECRET": {"read": ["deploy"]}}})
  --tls-cert FILE        PEM certificate: serve HTTPS (with --tls-key)
  --tls-key FILE         PEM key
  --buffer-size N        events kept before the oldest is overwritten (default 256)
  --node-name NAME       the agent's node name, for --node filters (default consul-emulator)
  --max-conns-per-client N
                         open connections one client IP may hold, as Consul's
                         limits.http_max_conns_per_client; 0 = no limit (default 200)
  --cors                 add CORS headers, for browser tests
  --debug                print stack traces of errors

Examples:
  consul-events emulator
  consul-events emulator --port 0 --acl-file acl.json
  consul-events emulator --tls-cert cert.pem --tls-key key.pem --port 8501`;

function readJsonFile(flag: string, path: string): unknown {
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${flag} ${path} is not JSON: ${(error as Error).message}`);
  }
}

function integerFlag(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new UsageError(`${flag} must be a whole number, got ${JSON.stringify(value)}`);
  return number;
}

/**
 * The emulator's options from the command line: flags not given keep the emulator's
 * defaults, except the port (8500, the agent's). Throws a {@link UsageError} naming the
 * flag for a bad value.
 *
 * @example
 * ```ts
 * emulatorOptions(['--port', '0', '--max-conns-per-client', '0']); // { port: 0, maxConnsPerClient: 0 }
 * ```
 */
export function emulatorOptions(args: string[]): ConsulEmulatorOptions {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'acl-file': { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'buffer-size': { type: 'string' },
      'node-name': { type: 'string' },
      'max-conns-per-client': { type: 'string' },
      cors: { type: 'boolean' },
      debug: { type: 'boolean' },
    },
  });
  if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined)) {
    throw new UsageError('--tls-cert and --tls-key go together');
  }
  return {
    port: integerFlag('--port', values.port, 8500),
    ...(values.host !== undefined && { host: values.host }),
    ...(values['buffer-size'] !== undefined && { bufferSize: integerFlag('--buffer-size', values['buffer-size'], 256) }),
    ...(values['node-name'] !== undefined && { nodeName: values['node-name'] }),
    ...(values['acl-file'] !== undefined && { acl: readJsonFile('--acl-file', values['acl-file']) as EventAclConfig }),
    ...(values['tls-cert'] !== undefined && values['tls-key'] !== undefined && {
      tls: { cert: readFileSync(values['tls-cert']), key: readFileSync(values['tls-key']) },
    }),
    ...(values['max-conns-per-client'] !== undefined && {
      maxConnsPerClient: integerFlag('--max-conns-per-client', values['max-conns-per-client'], 0),
    }),
    ...(values.cors && { cors: true }),
  };
}

/** `consul-events emulator`: serves until SIGINT/SIGTERM, then resolves with 0. */
export async function emulatorCommand(args: string[]): Promise<number> {
  const emulator = await startConsulEmulator(emulatorOptions(args));
  process.stdout.write(`Consul event emulator listening on ${emulator.url}\n`);
  await new Promise<void>((resolve) => onStopSignal(() => resolve()));
  await emulator.close();
  return 0;
}
