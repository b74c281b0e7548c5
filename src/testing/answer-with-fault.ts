import { PLAIN_TEXT, RESET_CONNECTION, type EmulatedAnswer } from './emulated-http';
import type { ConsulEventStore } from './event-store';
import type { ConsulFault } from './fault-injection';

/**
 * The answer a request gets when a fault hits it. `status`, `reset` and `hang` replace the
 * agent entirely; the others let the agent answer (blocking as usual) and then damage
 * that answer.
 *
 * @example
 * ```ts
 * await answerWithFault({ kind: 'missing-index' }, () => answerList(store, query, headers), store);
 * // the real list answer, without X-Consul-Index
 * ```
 */
export async function answerWithFault(
  fault: ConsulFault,
  realAnswer: () => Promise<EmulatedAnswer>,
  store: ConsulEventStore,
  signal?: AbortSignal,
): Promise<EmulatedAnswer> {
  switch (fault.kind) {
    case 'status':
      return statusAnswer(fault.status, fault.body ?? '', fault.headers ?? {});
    case 'reset':
      return RESET_CONNECTION;
    case 'hang':
      return store.hang(signal).catch(() => RESET_CONNECTION);
    default: {
      const answer = await realAnswer();
      return answer.kind === 'reset' ? answer : { ...answer, ...damage(fault, answer.headers, answer.body) };
    }
  }
}

type DamagingFault = Exclude<ConsulFault, { kind: 'status' | 'reset' | 'hang' }>;

function damage(fault: DamagingFault, headers: Record<string, string>, body: string): { headers: Record<string, string>; body: string } {
  switch (fault.kind) {
    case 'truncated-body':
      return { headers, body: body.slice(0, Math.floor(body.length / 2)) };
    case 'body':
      return { headers, body: fault.body };
    case 'missing-index': {
      const { 'X-Consul-Index': _dropped, ...rest } = headers;
      return { headers: rest, body };
    }
    case 'index':
      return { headers: { ...headers, 'X-Consul-Index': fault.value }, body };
  }
}

function statusAnswer(status: number, body: string, headers: Readonly<Record<string, string>>): EmulatedAnswer {
  const hasContentType = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
  const contentType: Record<string, string> = body !== '' && !hasContentType ? { 'Content-Type': PLAIN_TEXT } : {};
  return { kind: 'response', status, headers: { ...contentType, ...headers }, body };
}
