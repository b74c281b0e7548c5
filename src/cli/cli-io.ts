import type { Readable, Writable } from 'node:stream';
import { onStopSignal } from './signals';

/**
 * What a command uses of its process: its streams, its environment and the request to
 * stop. `main()` takes it as an argument, so tests can run a command in-process.
 *
 * @example
 * ```ts
 * import { PassThrough } from 'node:stream';
 *
 * const stdout = new PassThrough();
 * const io: CliIo = { ...processIo(), stdout, env: { CONSUL_HTTP_ADDR: '127.0.0.1:8500' } };
 * const code = await main(['fire', 'deploy', 'v1'], io);
 * ```
 */
export interface CliIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly stdin: Readable;
  /** The `CONSUL_*` variables the connection defaults to; also what `--exec` handlers inherit. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Calls `stop` once when the command is asked to stop (SIGINT or SIGTERM); returns the undo. */
  readonly onStop: (stop: () => void) => () => void;
}

/**
 * The real process's streams, environment and signals.
 *
 * @example
 * ```ts
 * process.exitCode = await main(process.argv.slice(2), processIo());
 * ```
 */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, onStop: onStopSignal };
}
