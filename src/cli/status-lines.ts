import type { ConsulError } from '../client/errors';
import type { ConsulEventsStatus } from '../client/watch-status';

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

/** What a failure says without its request line (whose index moves on): equal for the same cause. */
const failureReason = (error: ConsulError) => `${error.name}: ${error.message.replace(error.request, '')}`;

function gapLine(status: Extract<ConsulEventsStatus, { type: 'gap' }>): string {
  if (status.reason === 'start-outage') {
    return `the agent could not be reached when the watch started: ${status.skipped} event(s) it listed at first were taken for backlog and skipped, and may have been fired since the start`;
  }
  const why = { evicted: 'more events than its buffer holds (256) arrived between two polls', emptied: 'the agent restarted, or every listed event was evicted' }[status.reason];
  const lost = status.lastSeenId === undefined
    ? 'the agent listed nothing, then a whole buffer (256 events) at once'
    : `${status.lastSeenId}, the last one seen, is no longer in the agent's buffer`;
  return `events may have been missed: ${lost} (${status.reason}: ${why})`;
}

/**
 * Turns `onStatus` reports into lines for a person watching stderr, without flooding it:
 * a run of retries for the same reason is said once, then again only when the reason
 * changes (with the attempt number), then the recovery. A streak of early answers
 * (throttling) is said once. ACL filtering changes and gaps are always said.
 *
 * @example
 * ```ts
 * consulEvents$('deploy', { onStatus: statusReporter((line) => process.stderr.write(`consul-events: ${line}\n`)) });
 * // consul-events: retrying in 0.8 s (attempt 1): Could not reach Consul for GET /v1/event/list?name=deploy&wait=60s: connect ECONNREFUSED 127.0.0.1:8500 (retries for the same reason are not shown)
 * // consul-events: recovered after 6 failed attempts
 * ```
 */
export function statusReporter(write: (line: string) => void): (status: ConsulEventsStatus) => void {
  /** What the last collapsible line said; `undefined` once the watch is healthy again. */
  let said: string | undefined;
  const sayOnce = (key: string, line: string) => {
    if (key !== said) write(line);
    said = key;
  };

  return (status) => {
    switch (status.type) {
      case 'retry': {
        const change = said?.startsWith('failing:') ? 'now ' : '';
        return sayOnce(
          `failing:${failureReason(status.error)}`,
          `${change}retrying in ${seconds(status.delayMs)} (attempt ${status.attempt}): ${status.error.message} (retries for the same reason are not shown)`,
        );
      }
      case 'connection-limit':
        return sayOnce('failing:connection-limit', `the agent refuses more connections from this IP (Consul's limits.http_max_conns_per_client, 200 by default); retrying in ${seconds(status.delayMs)} (attempt ${status.attempt})`);
      case 'recovered':
        if (said?.startsWith('failing:')) write(`recovered after ${status.failedAttempts} failed attempt${status.failedAttempts === 1 ? '' : 's'}`);
        said = undefined;
        return;
      case 'throttled':
        return sayOnce('throttled', `the agent answers at once without news (a proxy cutting the long-poll short?); polling every ${seconds(status.delayMs)} or so while it does`);
      case 'acl-filtered':
        return write(status.filtered
          ? 'the agent hides events this token may not read (X-Consul-Results-Filtered-By-ACLs); they are not errors, they never arrive'
          : 'the agent no longer hides events from this token');
      case 'gap':
        return write(gapLine(status));
    }
  };
}
