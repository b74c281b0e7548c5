import { defer, expand, map, mergeMap, switchMap, timer, type Observable } from 'rxjs';
import type { ConsulEvent } from '../consul/event';
import { requestEventList } from './event-list-request';
import type { ConsulHttpClient } from './http-client';
import type { WatchConfig } from './normalize-options';
import { PollState, type PollStep } from './poll-state';
import { retryTransient } from './retry-transient';
import type { ConsulEventsStatus } from './watch-status';

/**
 * The long-poll loop of one subscription: one request at a time, each retried on its own
 * (so a retry keeps the index and the seen IDs and re-emits nothing), the next one sent
 * as soon as the previous answer's events are delivered, or after a throttling delay.
 */
export function pollEvents(config: WatchConfig, client: ConsulHttpClient): Observable<ConsulEvent> {
  const { scheduler } = config;
  const report = config.onStatus ?? ((_: ConsulEventsStatus) => {});
  const state = new PollState(config, report);

  const poll = (afterDelay: boolean): Observable<PollStep> => {
    const sentIndex = state.index;
    let startedAt = 0;
    let attempts = 0;
    return defer(() => {
      startedAt = scheduler.now();
      attempts++;
      return requestEventList(client, {
        name: config.name, index: sentIndex, wait: config.wait, timeoutMs: config.httpTimeoutMs, after: state.readAfterId,
      });
    }).pipe(
      retryTransient(config.retry, scheduler, report),
      map((page) => {
        if (attempts > 1) report({ type: 'recovered', failedAttempts: attempts - 1 });
        return state.handle(page, sentIndex, scheduler.now() - startedAt, afterDelay || attempts > 1);
      }),
    );
  };

  // The first poll follows a time of not watching: a restart of the process, when resuming.
  return poll(true).pipe(
    expand((step) => (step.nextDelayMs === 0 ? poll(false) : timer(step.nextDelayMs, scheduler).pipe(switchMap(() => poll(true))))),
    mergeMap((step) => step.events),
  );
}
