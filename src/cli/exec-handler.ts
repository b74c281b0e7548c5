import { spawn } from 'node:child_process';
import { Observable } from 'rxjs';
import { base64ToBytes } from '../client/base64';
import type { ConsulEvent } from '../consul/event';
import { consulWatchIndex, consulWatchStdin } from './consul-watch-input';

/**
 * What a handler reads on stdin: the raw payload bytes (`payload`), or what `consul watch
 * -type=event` gives its handlers (`consul-watch`): a one-element JSON array of the event
 * as the agent lists it, with `CONSUL_INDEX` set.
 */
export type HandlerInput = 'payload' | 'consul-watch';

type Env = Readonly<Record<string, string | undefined>>;

/** Variables never passed to a handler: the agent's token stays with this process. */
const SECRET_VARIABLES = ['CONSUL_HTTP_TOKEN', 'CONSUL_HTTP_TOKEN_FILE'];

/**
 * An event field as an environment value. A NUL byte cannot travel in the environment (the
 * spawn would throw and end the watch), and anyone allowed to fire can put one in a filter
 * regex: it becomes U+FFFD.
 */
const envValue = (value: unknown): string => String(value).replace(/\0/g, '\uFFFD');

function handlerEnv(event: ConsulEvent, inherited: Env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...inherited };
  for (const name of SECRET_VARIABLES) delete env[name];
  return Object.assign(env, {
    CONSUL_EVENT_ID: envValue(event.ID),
    CONSUL_EVENT_NAME: envValue(event.Name),
    CONSUL_EVENT_LTIME: envValue(event.LTime),
    CONSUL_EVENT_VERSION: envValue(event.Version),
    CONSUL_EVENT_NODE_FILTER: envValue(event.NodeFilter),
    CONSUL_EVENT_SERVICE_FILTER: envValue(event.ServiceFilter),
    CONSUL_EVENT_TAG_FILTER: envValue(event.TagFilter),
  });
}

/** The payload decoded for the handler's stdin; strict, so damaged base64 is refused rather than half-decoded. */
function decodedPayload(event: ConsulEvent): Uint8Array | undefined {
  if (event.Payload === null) return undefined;
  try {
    return base64ToBytes(event.Payload);
  } catch (error) {
    throw new Error(`payload of event ${event.ID} is not valid base64 (${(error as Error).message}); its handler was not run`);
  }
}

/**
 * Runs `command` in a shell for one event: on stdin the raw payload bytes, or with `input:
 * 'consul-watch'` what `consul watch` would give (plus `CONSUL_INDEX`); the event's fields
 * as `CONSUL_EVENT_*` variables (never the ACL token) over the rest of `env`; stdout and
 * stderr shared with the CLI. Emits the exit code (or the signal name) and completes;
 * unsubscribing terminates the child. A payload that is not valid base64 (or, for
 * `consul-watch`, an ID that is not a UUID) errors instead, without running the handler.
 *
 * @example
 * ```ts
 * runHandler('./deploy.sh', event, { input: 'consul-watch' }).subscribe((status) => console.log('exited with', status));
 * ```
 */
export function runHandler(
  command: string,
  event: ConsulEvent,
  { env = process.env, input = 'payload' }: { env?: Env; input?: HandlerInput } = {},
): Observable<number | string> {
  return new Observable((subscriber) => {
    const consulWatch = input === 'consul-watch';
    const stdin = consulWatch ? consulWatchStdin(event) : decodedPayload(event);
    const childEnv = { ...handlerEnv(event, env), ...(consulWatch && { CONSUL_INDEX: consulWatchIndex(event) }) };
    const child = spawn(command, { shell: true, stdio: ['pipe', 'inherit', 'inherit'], env: childEnv });
    child.stdin.on('error', () => {}); // a handler that ignores stdin may close it early
    child.stdin.end(stdin);
    child.on('error', (error) => subscriber.error(error));
    child.on('close', (code, signal) => {
      subscriber.next(code ?? signal ?? 'unknown');
      subscriber.complete();
    });
    return () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    };
  });
}
