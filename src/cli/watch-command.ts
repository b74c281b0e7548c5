import { parseArgs } from 'node:util';
import { concatMap, Observable, tap } from 'rxjs';
import { consulEvents$ } from '../client/consul-events';
import { EventCheckpoint } from '../client/event-checkpoint';
import { normalizeConnection } from '../client/options/connection-options';
import type { ConsulEvent } from '../consul/event';
import { readCheckpointFile, writeCheckpointFile } from './checkpoint-file';
import type { CliIo } from './cli-io';
import { connectionOptions, CONNECTION_FLAGS, CONNECTION_HELP } from './connection-flags';
import { eventJsonLine } from './event-json';
import { consulStyleFlags } from './consul-style-flags';
import { runHandler, type HandlerInput } from './exec-handler';
import { secondsFlag } from './flag-values';
import { runUntilStopped } from './run-until-stopped';
import { statusReporter } from './status-lines';
import { UsageError } from './usage-error';

/** Consul caps a blocking wait at 10 minutes. */
const MAX_WAIT_SECONDS = 600;
/** Flags `consul watch` also has, accepted in its single-dash spelling (`-name=deploy`). */
const CONSUL_SHARED_FLAGS = ['name', 'http-addr', 'token', 'token-file', 'ca-file', 'ca-path', 'client-cert', 'client-key', 'tls-server-name'];
const HANDLER_INPUTS: readonly HandlerInput[] = ['payload', 'consul-watch'];

/** Writes `text`, completing once it has been handed to the OS (a write error goes to the stream's 'error'). */
const printed = (io: CliIo, text: string) => new Observable<never>((subscriber) => {
  io.stdout.write(text, (error) => {
    if (!error) subscriber.complete();
  });
});

function handlerInput(value: string | undefined, exec: string | undefined): HandlerInput {
  if (value === undefined) return 'payload';
  if (exec === undefined) throw new UsageError('--exec-input goes with --exec');
  if (!HANDLER_INPUTS.includes(value as HandlerInput)) {
    throw new UsageError(`--exec-input must be ${HANDLER_INPUTS.join(' or ')}, got ${JSON.stringify(value)}`);
  }
  return value as HandlerInput;
}

export const WATCH_HELP = `Usage: consul-events watch [NAME...] [--name NAME...] [options]

Prints each new Consul user event once, as one JSON line (payload decoded to text where it
is UTF-8), until Ctrl-C. No NAME watches every event. Stdout carries the events only; what
the watch is doing (what it watches and where, retries and their reason, recovery, possibly
missed events, ACL filtering) goes to stderr, one line each, a run of retries said once.

Options:
  --name NAME            an event name to watch, as a NAME argument (repeatable)
  --from-now             skip the events already in the agent's buffer
  --exec CMD             run CMD (in a shell) per event instead of printing it: the payload
                         on stdin, the event in CONSUL_EVENT_ID, CONSUL_EVENT_NAME,
                         CONSUL_EVENT_LTIME, …; one at a time, in order. CMD runs as the
                         same user as this CLI: the token is never passed to it, but it
                         could read one given with --token (the command line) or in
                         CONSUL_HTTP_TOKEN (/proc/<pid>/environ): use --token-file
  --exec-input MODE      what CMD reads on stdin: payload (the raw payload bytes, default)
                         or consul-watch (what \`consul watch -type=event\` hands its
                         handlers: a JSON array, here of one event as the agent lists it,
                         Payload in base64, and the index in CONSUL_INDEX)
  --checkpoint FILE      resume where the last run stopped: start after the last event
                         recorded in FILE when it exists (else as without it, --from-now
                         included); record each event once printed or once its handler
                         has exited; FILE is replaced atomically (temp file, fsync,
                         rename). An event whose handler exits non-zero is reported and
                         recorded all the same: it does not run again. One whose handler
                         was still running when the watch stopped is not recorded, and
                         runs again. A FILE that holds no checkpoint is an error (exit 1),
                         never a silent start over
  --timeout SECONDS      blocking wait of each long-poll (default 60)
  --quiet                no status lines on stderr (errors are still printed)
  --debug                print stack traces of errors
${CONNECTION_HELP}
The flags \`consul watch\` has too are also read in its spelling: -name=deploy,
-http-addr=…, -token-file=…, -ca-file=…

Examples:
  consul-events watch deploy
  consul-events watch deploy restart --from-now
  consul-events watch deploy --exec './deploy.sh "$(cat)"'
  consul-events watch deploy --exec ./deploy.sh --checkpoint /var/lib/deploy/checkpoint.json
  consul-events watch -name=deploy --exec handler.sh --exec-input consul-watch
                         # for \`consul watch -type=event -name=deploy handler.sh\` handlers
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
    args: consulStyleFlags(args, CONSUL_SHARED_FLAGS),
    allowPositionals: true,
    options: {
      ...CONNECTION_FLAGS,
      name: { type: 'string', multiple: true },
      'from-now': { type: 'boolean' },
      exec: { type: 'string' },
      'exec-input': { type: 'string' },
      checkpoint: { type: 'string' },
      timeout: { type: 'string' },
      quiet: { type: 'boolean' },
      debug: { type: 'boolean' },
    },
  });
  const connection = connectionOptions(values, io.env);
  const say = (line: string) => {
    if (!values.quiet) io.stderr.write(`consul-events: ${line}\n`);
  };
  const asked = [...positionals, ...(values.name ?? [])];
  if (asked.includes('')) throw new UsageError('an event NAME cannot be empty');
  const names = [...new Set(asked)];
  const input = handlerInput(values['exec-input'], values.exec);
  const file = values.checkpoint;
  const saved = file === undefined ? undefined : readCheckpointFile(file);
  const options = {
    ...connection,
    onStatus: statusReporter(say),
    // A checkpoint with events resumes after the last; an empty one starts as --from-now says.
    replay: !values['from-now'],
    ...saved?.resumeOptions(),
    ...(values.timeout !== undefined && { timeout: secondsFlag('--timeout', values.timeout, MAX_WAIT_SECONDS) }),
  };
  // Several names share one long-poll (duplicates collapse); none watches every event.
  const events$: Observable<ConsulEvent> = consulEvents$(names.length > 0 ? names : undefined, options);
  const watched = names.length > 0 ? names.map((name) => JSON.stringify(name)).join(', ') : 'every event';
  const start = saved ? `resuming after the last event recorded in ${file}`
    : values['from-now'] ? 'events fired from now on'
    : "the agent's buffered events first";
  say(`watching ${watched} on ${normalizeConnection('consul-events', connection, {}).origin}, ${start}`);

  const command = values.exec;
  const handle = (event: ConsulEvent): Observable<unknown> => command === undefined
    ? printed(io, `${eventJsonLine(event)}\n`)
    : runHandler(command, event, { env: io.env, input }).pipe(tap((status) => {
        if (status !== 0) io.stderr.write(`consul-events: handler for event ${event.ID} exited with ${status}\n`);
      }));
  const checkpoint = saved ?? new EventCheckpoint();
  const record = (event: ConsulEvent) => {
    if (file === undefined) return;
    checkpoint.record(event);
    writeCheckpointFile(file, checkpoint);
  };
  // One event at a time, in order; each recorded once its print or handler has finished.
  const handled$ = events$.pipe(concatMap((event) => handle(event).pipe(tap({ complete: () => record(event) }))));
  return runUntilStopped(handled$, io);
}
