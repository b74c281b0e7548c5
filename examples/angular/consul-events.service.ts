import { isPlatformBrowser } from '@angular/common';
import { Injectable, NgZone, PLATFORM_ID, inject } from '@angular/core';
import { consulEvents$, type ConsulEvent, type ConsulEventsOptions } from 'rx-consul-events';
import { EMPTY, Observable } from 'rxjs';

/**
 * The agent as the browser reaches it: the page's own origin, whose server proxies
 * `/v1/event` to Consul (Consul sends no CORS headers). In development that is
 * `ng serve --proxy-config proxy.conf.json`; in production, your reverse proxy.
 */
function pageOrigin(): Pick<ConsulEventsOptions, 'scheme' | 'host' | 'port'> {
  const scheme = location.protocol === 'https:' ? 'https' : 'http';
  const port = location.port ? Number(location.port) : scheme === 'https' ? 443 : 80;
  return { scheme, host: location.hostname, port };
}

/**
 * Consul user events for components.
 *
 * Each subscription runs its own long-poll, started outside Angular's zone: a request
 * that is always pending would otherwise keep the app from ever becoming stable
 * (`ApplicationRef.isStable`, `whenStable()` in tests, hydration). Events, errors and
 * completion are delivered back inside the zone, so change detection sees them. With
 * zoneless change detection the zone calls cost nothing and the service works the same.
 *
 * Tear down with the component: subscribe with `takeUntilDestroyed()` (or `toSignal`,
 * or the `async` pipe); unsubscribing aborts the request in flight at once.
 *
 * During server-side rendering there is no page (no `location`) and a long-poll would
 * keep the render from ever finishing: on the server the streams complete at once,
 * without a request, and the browser starts the watch after hydration.
 *
 * @example
 * ```ts
 * this.consul.events$('deploy').pipe(decodePayload('text'), takeUntilDestroyed())
 *   .subscribe((event) => this.deploys.update((list) => [...list, event]));
 * ```
 */
@Injectable({ providedIn: 'root' })
export class ConsulEventsService {
  private readonly zone = inject(NgZone);
  private readonly inBrowser = isPlatformBrowser(inject(PLATFORM_ID));

  /**
   * Events of `name` (several names share one long-poll; none watches every event),
   * from the page's origin unless `options` says otherwise. Bad options throw here.
   * On the server (SSR): no events, no request; the stream completes at once.
   */
  events$(name?: string | readonly string[], options: ConsulEventsOptions = {}): Observable<ConsulEvent> {
    if (!this.inBrowser) return EMPTY;
    const events = consulEvents$(name, { ...pageOrigin(), ...options }); // cold: nothing is sent yet
    return new Observable<ConsulEvent>((subscriber) =>
      this.zone.runOutsideAngular(() =>
        events.subscribe({
          next: (event) => this.zone.run(() => subscriber.next(event)),
          error: (error: unknown) => this.zone.run(() => subscriber.error(error)),
          complete: () => this.zone.run(() => subscriber.complete()),
        }),
      ),
    );
  }
}
