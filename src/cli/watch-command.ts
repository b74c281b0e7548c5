import { parseArgs } from 'node:util';
import { concatMap, tap, type Observable } from 'rxjs';
import { consulEvents$ } from '../client/consul-events';
import { normalizeConnection } from '../client/normalize-options';
import type { ConsulEvent } from '../consul/event';
import type { CliIo } from './cli-io';
import { connectionOptions, CONNECTION_FLAGS, CONNECTION_HELP } from './connection-flags';
import { eventJsonLine } from './event-json';
import { runHandler } from './exec-handler';
import { secondsFlag } from './flag-values';
import { runUntilStopped } from './run-until-stopped';
import { statusReporter } from './status-lines';
import { UsageError } from './usage-error';

/** Consul caps a blocking wait at 10 minutes. */
const MAX_WAIT_SECONDS = 600;

export const WATCH_HELP = `Usage: consul-events watch [NAME...] [options]

Prints each new Consul user event once, as one JSON line (payload decoded to text where it
is UTF-8), until Ctrl-C. No NAME watches every event. Stdout carries the events only; what
the watch is doing (what it watches and where, retries and their reason, recovery, possibly
missed events, ACL filtering) goes to stderr, one line each, a run of retries said once.

Options:
  --from-now             skip the events already in the agent's buffer
  --exec CMD             run CMD (in a shell) per event instead of printing it: the payload
                         on stdin, the event in CONSUL_EVENT_ID, CONSUL_EVENT_NAME,
                         CONSUL_EVENT_LTIME, …; one at a time, in order
  --timeout SECONDS      blocking wait of each long-poll (default 60)
  --quiet                no status lines on stderr (errors are still printed)
  --debug                print stack traces of errors
${CONNECTION_HELP}

Examples:
  consul-events watch deploy
  consul-events watch deploy restart --from-now
  consul-events watch deploy --exec './deploy.sh "$(cat)"'
  CONSUL_HTTP_ADDR=https://consul:8501 CONSUL_CACERT=ca.pem consul-events watch`;

/**
 * `consul-events watch`: resolves with 0 once stopped (a signal, or the reader of its
 * output went away); rejects when the watch ends for good (a 403, a TLS failure, …).
 *
 * @example
 * ```ts
 * process.exitCode = await watchCommand(['deploy', '--from-now'], processIo());
 * ```
 */
export async function watchCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...CONNECTION_FLAGS,
      'from-now': { type: 'boolean' },
      exec: { type: 'string' },
      timeout: { type: 'string' },
      quiet: { type: 'boolean' },
      debug: { type: 'boolean' },
    },
  });
  const connection = connectionOptions(values, io.env);
  const say = (line: string) => {
    if (!values.quiet) io.stderr.write(`consul-events: ${line}\n`);
  };
  if (positionals.includes('')) throw new UsageError('an event NAME cannot be empty');
  const names = [...new Set(positionals)];
  const options = {
    ...connection,
    onStatus: statusReporter(say),
    replay: !values['from-now'],
    ...(values.timeout !== undefined && { timeout: secondsFlag('--timeout', values.timeout, MAX_WAIT_SECONDS) }),
  };
  // Several names share one long-poll (duplicates collapse); none watches every event.
  const events$: Observable<ConsulEvent> = consulEvents$(names.length > 0 ? names : undefined, options);
  const watched = names.length > 0 ? names.map((name) => JSON.stringify(name)).join(', ') : 'every event';
  const start = values['from-now'] ? 'events fired from now on' : "the agent's buffered events first";
  say(`watching ${watched} on ${normalizeConnection('consul-events', connection, {}).origin}, ${start}`);
  const command = values.exec;
  const handled$: Observable<unknown> = command === undefined
    ? events$.pipe(tap((event) => io.stdout.write(`${eventJsonLine(event)}\n`)))
    : events$.pipe(
        concatMap((event) => runHandler(command, event, io.env).pipe(tap((status) => {
          if (status !== 0) io.stderr.write(`consul-events: handler for event ${event.ID} exited with ${status}\n`);
        }))),
      );
  return runUntilStopped(handled$, io);
}
