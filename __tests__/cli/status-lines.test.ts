import { ConsulHttpError, ConsulNetworkError } from '../../src/client/errors';
import type { ConsulEventsStatus } from '../../src';
import { statusReporter } from '../../src/cli/status-lines';

const request = (index: string) => `GET /v1/event/list?index=${index}&wait=60s`;
const refused = (index: string) => new ConsulNetworkError('connect ECONNREFUSED 127.0.0.1:8500', request(index), new Error('refused'));
const unavailable = (index: string) => new ConsulHttpError(503, 'No cluster leader', request(index));

function linesFor(statuses: ConsulEventsStatus[]): string[] {
  const lines: string[] = [];
  const report = statusReporter((line) => lines.push(line));
  statuses.forEach(report);
  return lines;
}

describe('statusReporter(write): the watch\'s stderr lines', () => {
  it('says a run of retries once, again when the reason changes, then the recovery', () => {
    expect(linesFor([
      { type: 'retry', attempt: 1, delayMs: 800, error: refused('7') },
      { type: 'retry', attempt: 2, delayMs: 1_600, error: refused('7') },
      { type: 'retry', attempt: 3, delayMs: 3_100, error: refused('7') },
      { type: 'retry', attempt: 4, delayMs: 7_000, error: unavailable('7') },
      { type: 'retry', attempt: 5, delayMs: 15_000, error: unavailable('7') },
      { type: 'recovered', failedAttempts: 5 },
      { type: 'retry', attempt: 1, delayMs: 900, error: refused('9') },
      { type: 'recovered', failedAttempts: 1 },
    ])).toEqual([
      `retrying in 0.8 s (attempt 1): Could not reach Consul for ${request('7')}: connect ECONNREFUSED 127.0.0.1:8500 (retries for the same reason are not shown)`,
      `now retrying in 7.0 s (attempt 4): Consul answered 503 to ${request('7')}: No cluster leader (retries for the same reason are not shown)`,
      'recovered after 5 failed attempts',
      `retrying in 0.9 s (attempt 1): Could not reach Consul for ${request('9')}: connect ECONNREFUSED 127.0.0.1:8500 (retries for the same reason are not shown)`,
      'recovered after 1 failed attempt',
    ]);
  });

  it('says the connection limit once per run, and a streak of early answers once', () => {
    const limited = new ConsulHttpError(429, 'Your IP is issuing too many concurrent connections, please rate limit your calls', request('3'));
    expect(linesFor([
      { type: 'connection-limit', attempt: 1, delayMs: 1_000, error: limited },
      { type: 'connection-limit', attempt: 2, delayMs: 2_000, error: limited },
      { type: 'recovered', failedAttempts: 2 },
      { type: 'throttled', streak: 1, delayMs: 1_000 },
      { type: 'throttled', streak: 2, delayMs: 2_000 },
    ])).toEqual([
      "the agent refuses more connections from this IP (Consul's limits.http_max_conns_per_client, 200 by default); retrying in 1.0 s (attempt 1)",
      'recovered after 2 failed attempts',
      'the agent answers at once without news (a proxy cutting the long-poll short?); polling every 1.0 s or so while it does',
    ]);
  });

  it('always says gaps and ACL filtering changes', () => {
    const id = '6c5b2a9e-1f0e-4c54-8c8e-0b0c1d2e3f40';
    expect(linesFor([
      { type: 'gap', reason: 'evicted', lastSeenId: id, index: '42' },
      { type: 'gap', reason: 'emptied', lastSeenId: id, index: '1' },
      { type: 'gap', reason: 'evicted', index: '43' },
      { type: 'gap', reason: 'start-outage', index: '42', skipped: 3 },
      { type: 'acl-filtered', filtered: true },
      { type: 'acl-filtered', filtered: false },
    ])).toEqual([
      `events may have been missed: ${id}, the last one seen, is no longer in the agent's buffer (evicted: more events than its buffer holds (256) arrived between two polls)`,
      `events may have been missed: ${id}, the last one seen, is no longer in the agent's buffer (emptied: the agent restarted, or every listed event was evicted)`,
      "events may have been missed: the agent listed nothing, then a whole buffer (256 events) at once (evicted: more events than its buffer holds (256) arrived between two polls)",
      'the agent could not be reached when the watch started: 3 event(s) it listed at first were taken for backlog and skipped, and may have been fired since the start',
      'the agent hides events this token may not read (X-Consul-Results-Filtered-By-ACLs); they are not errors, they never arrive',
      'the agent no longer hides events from this token',
    ]);
  });
});
