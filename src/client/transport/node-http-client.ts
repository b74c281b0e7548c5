import type { Agent, ClientRequest, IncomingMessage } from 'node:http';
import { ConsulError, ConsulNetworkError, ConsulResponseError, ConsulTimeoutError } from '../errors';
import { httpAnswer, MAX_BODY_BYTES, type ConsulHttpClient, type HttpAnswer, type HttpDone, type HttpRequestOptions } from './http-client';
import { toConsulError } from './to-consul-error';
import { bytesBody } from './answer-body';
import { redactToken } from './redact-token';
import type { ConnectionConfig } from './connection-config';

type NodeHttp = typeof import('node:http');
type NodeHttps = typeof import('node:https');

/** `process.getBuiltinModule`, narrowed to the two modules this transport loads. */
export type BuiltinModuleLoader = {
  (id: 'node:http'): NodeHttp;
  (id: 'node:https'): NodeHttps;
};

const CLOSED_EARLY = 'the connection closed before a complete answer';

/** A header's value as `HttpAnswer.header` gives it: repeated headers comma-joined. */
function headerOf(message: IncomingMessage, name: string): string | undefined {
  const value = message.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * The Node transport: `node:http(s)` with a keep-alive agent owned by this client, so that
 * `close()` destroys its sockets (none outlives the subscription); TLS settings live on the
 * agent. No redirect is followed (a 3xx is just a status), no proxy is consulted, no
 * compression asked for (a body encoded anyway is refused, never inflated), and `timeoutMs`
 * is a deadline for the whole exchange measured from send: connecting, the TLS handshake,
 * the headers and the complete body. A socket kept busy by a trickle of bytes does not
 * extend it. One timer per request, cleared by the answer, an error or a cancel. A
 * connection that ends before a complete answer (even one Node closes itself, after a
 * `101 Switching Protocols`) fails the request with a transient `ConsulNetworkError`.
 *
 * The module is loaded through `process.getBuiltinModule` rather than imported, so that
 * browser bundles of the library never see `node:http`.
 */
export function createNodeHttpClient(connection: ConnectionConfig, load: BuiltinModuleLoader): ConsulHttpClient {
  const transport = connection.scheme === 'https' ? load('node:https') : load('node:http');
  const agent: Agent = connection.scheme === 'https'
    ? new (load('node:https').Agent)({ keepAlive: true, ...connection.tls })
    : new (load('node:http').Agent)({ keepAlive: true });
  const { host, port } = connection;
  const baseHeaders: Record<string, string> = {
    Accept: 'application/json',
    ...(connection.token !== undefined && { 'X-Consul-Token': connection.token }),
  };
  const redact = (text: string): string => redactToken(text, connection.token);

  function send(method: 'GET' | 'PUT', pathAndQuery: string, { timeoutMs, body }: HttpRequestOptions, done: HttpDone): () => void {
    const requestLine = `${method} ${pathAndQuery}`;
    let finished = false;
    let received: IncomingMessage | undefined;
    let deadline: ReturnType<typeof setTimeout> | undefined;
    const finish = (error: unknown, answer?: HttpAnswer): void => {
      if (finished) return;
      finished = true;
      clearTimeout(deadline);
      if (error !== undefined) request.destroy();
      done(error, answer);
    };
    const fail = (error: unknown): void => {
      if (!finished) finish(error instanceof ConsulError ? error : toConsulError(error, requestLine));
    };
    const headers = body === undefined
      ? baseHeaders
      : { ...baseHeaders, 'Content-Type': 'application/octet-stream', 'Content-Length': String(body.byteLength) };

    let request: ClientRequest;
    try {
      request = transport.request({ host, port, method, path: pathAndQuery, headers, agent }, onResponse);
    } catch (error) {
      // Node throws for a request it cannot form (a header value it cannot carry): a misconfiguration.
      process.nextTick(() => finished || done(toConsulError(error, requestLine)));
      return () => {
        finished = true;
      };
    }
    deadline = setTimeout(() => fail(new ConsulTimeoutError(timeoutMs, requestLine)), timeoutMs);
    request.on('error', fail);
    // Any connection that ends before the answer's last byte, including the one Node closes
    // itself after a `101 Switching Protocols` (no upgrade was asked for) without an error.
    // A complete answer may still be read out after its connection closed (`Connection: close`).
    request.on('close', () => {
      if (!received?.complete) fail(new ConsulNetworkError(CLOSED_EARLY, requestLine, new Error(CLOSED_EARLY)));
    });
    request.end(body);
    // Nobody waits for a cancelled request: no error is built for it.
    return () => {
      finished = true;
      clearTimeout(deadline);
      request.destroy();
    };

    function onResponse(response: IncomingMessage): void {
      received = response;
      const encoding = response.headers['content-encoding'];
      if (encoding !== undefined && encoding !== 'identity') {
        return fail(new ConsulResponseError(`the body is encoded as ${JSON.stringify(redact(encoding).slice(0, 64))}, which was not asked for`, requestLine));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) fail(new ConsulResponseError(`the body is larger than ${MAX_BODY_BYTES} bytes`, requestLine));
        else chunks.push(chunk);
      });
      // A connection cut mid-answer: the request's 'close' above, or this 'error' ("aborted").
      response.on('error', fail);
      response.on('end', () => {
        // The answer is complete: the deadline no longer applies while it is handed over.
        clearTimeout(deadline);
        const bytes = bytesBody(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
        const answer = httpAnswer(response.statusCode ?? 0, bytes, (name) => headerOf(response, name), redact);
        // Node hands the socket back to the agent on a tick queued before this handler runs:
        // answering on the next tick lets a request sent from `done` (the next long-poll)
        // reuse it, instead of opening a second connection per subscription.
        process.nextTick(finish, undefined, answer);
      });
    }
  }

  return {
    send,
    close() {
      agent.destroy();
    },
  };
}
