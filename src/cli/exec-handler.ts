import { spawn } from 'node:child_process';
import { Observable } from 'rxjs';
import type { ConsulEvent } from '../consul/event';

/** Variables never passed to a handler: the agent's token stays with this process. */
const SECRET_VARIABLES = ['CONSUL_HTTP_TOKEN', 'CONSUL_HTTP_TOKEN_FILE'];

function handlerEnv(event: ConsulEvent): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of SECRET_VARIABLES) delete env[name];
  return Object.assign(env, {
    CONSUL_EVENT_ID: event.ID,
    CONSUL_EVENT_NAME: event.Name,
    CONSUL_EVENT_LTIME: String(event.LTime),
    CONSUL_EVENT_VERSION: String(event.Version),
    CONSUL_EVENT_NODE_FILTER: event.NodeFilter,
    CONSUL_EVENT_SERVICE_FILTER: event.ServiceFilter,
    CONSUL_EVENT_TAG_FILTER: event.TagFilter,
  });
}

/**
 * Runs `command` in a shell for one event: the raw payload bytes on stdin, the event's
 * fields as `CONSUL_EVENT_*` variables, stdout and stderr shared with the CLI. Emits the
 * exit code (or the signal name) and completes; unsubscribing terminates the child.
 */
export function runHandler(command: string, event: ConsulEvent): Observable<number | string> {
  return new Observable((subscriber) => {
    const child = spawn(command, { shell: true, stdio: ['pipe', 'inherit', 'inherit'], env: handlerEnv(event) });
    child.stdin.on('error', () => {}); // a handler that ignores stdin may close it early
    child.stdin.end(event.Payload === null ? undefined : Buffer.from(event.Payload, 'base64'));
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
