import type { ConsulEvent } from '../../src';
import { httpAnswer, type ConsulHttpClient, type HttpAnswer, type HttpDone } from '../../src/client/transport/http-client';
import { indexOfEventList } from '../../src/consul/consul-index';

/** A request the poll sent to the scripted agent, waiting for the test to answer it. */
export interface ScriptedRequest {
  readonly path: string;
  readonly url: URL;
  cancelled: boolean;
  answered: boolean;
  readonly done: HttpDone;
}

/**
 * A `ConsulHttpClient` without sockets: each request waits until the test answers it with
 * a plain list (`answer`) or a failure (`fail`), so a poll can be driven answer by answer.
 */
export function scriptedClient() {
  const requests: ScriptedRequest[] = [];
  let closed = false;
  const client: ConsulHttpClient = {
    send(_method, path, _options, done) {
      const request: ScriptedRequest = { path, url: new URL(path, 'http://agent'), cancelled: false, answered: false, done };
      requests.push(request);
      return () => { request.cancelled = true; };
    },
    close() { closed = true; },
  };
  const pending = (): ScriptedRequest => {
    const open = requests.filter((request) => !request.cancelled && !request.answered);
    if (open.length !== 1) throw new Error(`expected one open request, found ${open.length}`);
    return open[0]!;
  };
  const reply = (status: number, body: string, headers: Record<string, string>) => {
    const request = pending();
    request.answered = true;
    const answer: HttpAnswer = httpAnswer(status, body, (name) => headers[name], (text) => text);
    request.done(undefined, answer);
  };
  return {
    client,
    requests,
    get closed() { return closed; },
    /** Answers the open request with this list (index computed as the agent does, unless given). */
    answer(events: readonly ConsulEvent[], headers: Record<string, string> = {}): void {
      reply(200, JSON.stringify(events), { 'x-consul-index': indexOfEventList(events), ...headers });
    },
    /** Answers the open request with a non-2xx status. */
    status(status: number, body: string): void {
      reply(status, body, {});
    },
    /** The open request, e.g. to read its index. */
    get open(): ScriptedRequest {
      return pending();
    },
  };
}

let serial = 0;
/** A listed event with a fresh UUID-shaped ID. */
export function event(name = 'deploy', payload: string | null = null): ConsulEvent {
  serial += 1;
  const hex = serial.toString(16).padStart(12, '0');
  return { ID: `00000000-0000-0000-0000-${hex}`, Name: name, Payload: payload, NodeFilter: '', ServiceFilter: '', TagFilter: '', Version: 1, LTime: serial };
}
