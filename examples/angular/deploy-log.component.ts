import { Component, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { decodePayload, type DecodedEvent } from 'rx-consul-events';
import { ConsulEventsService } from './consul-events.service';

/** The last 20 `deploy` events, newest first; the long-poll ends when the component is destroyed. */
@Component({
  selector: 'app-deploy-log',
  template: `
    <p>{{ status() }}</p>
    <ul>
      @for (event of events(); track event.ID) {
        <li>{{ event.Name }}: {{ event.Payload ?? '(no payload)' }}</li>
      }
    </ul>
  `,
})
export class DeployLogComponent {
  readonly events = signal<DecodedEvent<string>[]>([]);
  readonly status = signal('watching');

  constructor() {
    inject(ConsulEventsService)
      .events$('deploy')
      .pipe(decodePayload('text'), takeUntilDestroyed()) // unsubscribes (aborts the long-poll) on destroy
      .subscribe({
        next: (event) => this.events.update((list) => [event, ...list].slice(0, 20)),
        error: (error: Error) => this.status.set(`stopped: ${error.message}`),
      });
  }
}
