import { parseArgs } from 'node:util';
import { fireEvent } from '../client/fire-event';
import type { CliIo } from './cli-io';
import { connectionOptions, CONNECTION_FLAGS, CONNECTION_HELP } from './connection-flags';
import { UsageError } from './usage-error';

export const FIRE_HELP = `Usage: consul-events fire NAME [PAYLOAD] [options]

Fires a Consul user event and prints it as the agent accepted it (JSON). PAYLOAD "-" reads
the payload from stdin. Payloads must fit Consul's 512-byte gossip message (keep them
under 100 bytes).

Options:
  --node REGEX           only agents whose node name matches keep the event
  --service REGEX        only agents running a matching service keep it
  --tag REGEX            only where that service has a matching tag (needs --service)
  --dc DC                datacenter to fire in
  --debug                print stack traces of errors
${CONNECTION_HELP}

Examples:
  consul-events fire deploy v1.2.3
  consul-events fire restart --service '^web$' --tag canary
  echo -n '{"v":2}' | consul-events fire config -`;

/** Everything on `stdin`, until it ends. */
async function readAll(stdin: CliIo['stdin']): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * `consul-events fire`: resolves with the exit code.
 *
 * @example
 * ```ts
 * await fireCommand(['deploy', 'v1.2.3', '--service', '^web$'], processIo());
 * ```
 */
export async function fireCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...CONNECTION_FLAGS,
      node: { type: 'string' },
      service: { type: 'string' },
      tag: { type: 'string' },
      dc: { type: 'string' },
      debug: { type: 'boolean' },
    },
  });
  const [name, payloadArg, ...extra] = positionals;
  if (name === undefined) throw new UsageError('fire needs an event NAME');
  if (extra.length > 0) throw new UsageError(`fire takes NAME and one PAYLOAD, got also ${JSON.stringify(extra.join(' '))}`);
  const connection = connectionOptions(values, io.env);
  const payload = payloadArg === '-' ? await readAll(io.stdin) : payloadArg;
  const event = await fireEvent(name, payload, {
    ...connection,
    ...(values.node !== undefined && { node: values.node }),
    ...(values.service !== undefined && { service: values.service }),
    ...(values.tag !== undefined && { tag: values.tag }),
    ...(values.dc !== undefined && { dc: values.dc }),
  });
  io.stdout.write(`${JSON.stringify(event)}\n`);
  return 0;
}
