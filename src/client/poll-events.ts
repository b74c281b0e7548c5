import { defer, expand, map, mergeMap, switchMap, timer, type Observable } from 'rxjs';
import type { ConsulEvent } from '../consul/event';
import { backoffDelay } from './backoff';
import { requestEventList, type EventListPage } from './event-list-request';
import type { ConsulHttpClient } from './http-client';
import type { WatchConfig } from './normalize-options';
import { retryTransient } from './retry-transient';
import { SeenWindow } from './seen-window';

/** What one poll produced: the events to deliver, and how long to wait before the next poll. */
interface PollStep {
  readonly events: readonly ConsulEvent[];
  readonly nextDelayMs: number;
}

/**
 * The long-poll loop of one subscription. The cursor (the opaque `X-Consul-Index`), the
 * window of seen IDs and the idle streak live here, created once per subscription; each
 * request is retried on its own, so a retry keeps all three and re-emits nothing.
 *
 * A poll makes progress when it delivers a new event, is the first, or blocked for at
 * least half the wait and came back with the same index (the agent's normal timeout).
 * Answers without progress (a stale index answered at once, an agent that does not
 * block) slow the loop down with the retry backoff instead of spinning.
 */
export function pollEvents(config: WatchConfig, client: ConsulHttpClient): Observable<ConsulEvent> {
  const { scheduler, retry, waitMs } = config;
  const seen = new SeenWindow(config.seenWindow, config.seenIds);
  let index = config.initialIndex;
  let skipBacklog = !config.replay;
  let idleStreak = 0;

  const handlePage = (page: EventListPage, sentIndex: string | undefined, startedAt: number): PollStep => {
    const fresh = page.events.filter((event) => seen.remember(event.ID));
    const events = skipBacklog ? [] : fresh;
    skipBacklog = false;
    const blockedFullWait = page.index === sentIndex && scheduler.now() - startedAt >= waitMs / 2;
    const progress = fresh.length > 0 || sentIndex === undefined || blockedFullWait;
    idleStreak = progress ? 0 : idleStreak + 1;
    index = page.index;
    return { events, nextDelayMs: idleStreak === 0 ? 0 : backoffDelay(idleStreak, retry) };
  };

  const poll = (): Observable<PollStep> => {
    const sentIndex = index;
    let startedAt = 0;
    return defer(() => {
      startedAt = scheduler.now();
      return requestEventList(client, { name: config.name, index: sentIndex, wait: config.wait, timeoutMs: config.httpTimeoutMs });
    }).pipe(
      retryTransient(retry, scheduler),
      map((page) => handlePage(page, sentIndex, startedAt)),
    );
  };

  return poll().pipe(
    expand((step) => (step.nextDelayMs === 0 ? poll() : timer(step.nextDelayMs, scheduler).pipe(switchMap(poll)))),
    mergeMap((step) => step.events),
  );
}
