// The page under test: what a browser app does with the library. Bundled by
// bundle-page.ts, which swaps this import for the package's ESM build (dist/index.mjs);
// it names src/ here only so that `tsc --noEmit` checks this file before any build.
import { merge, type Subscription } from 'rxjs';
import { consulEvents$, decodePayload } from '../../../src/index';

const params = new URLSearchParams(location.search);
const status = document.querySelector<HTMLOutputElement>('#status')!;
const list = document.querySelector<HTMLUListElement>('#events')!;
const name = params.get('name') ?? 'deploy';
const options = {
  host: params.get('host') ?? location.hostname,
  port: Number(params.get('port') ?? location.port),
  token: params.get('token') ?? undefined,
  retry: { initialDelay: 50, maxDelay: 200, maxRetries: 3 },
};

// `?count=N`: N components of an app, each watching its own name (`name-0` … `name-N-1`).
const count = Number(params.get('count') ?? 1);
const watched = count === 1 ? consulEvents$(name, options) : merge(...Array.from({ length: count }, (_, i) => consulEvents$(`${name}-${i}`, options)));

const subscription: Subscription = watched
  .pipe(decodePayload('text'))
  .subscribe({
    next: (event) => {
      const item = document.createElement('li');
      item.dataset['id'] = event.ID;
      item.textContent = `${event.Name}: ${event.Payload ?? '(no payload)'}`;
      list.append(item);
    },
    error: (error: Error) => {
      status.value = `error: ${error.name}: ${error.message}`;
    },
  });
status.value = 'watching';

document.querySelector('#unsubscribe')!.addEventListener('click', () => {
  subscription.unsubscribe();
  status.value = 'unsubscribed';
});

/** The app's own requests to its origin: `n` fetches of `/api/ping` at once; resolves with how many answered. */
(globalThis as { pingAll?: (n: number) => Promise<number> }).pingAll = async (n) =>
  (await Promise.all(Array.from({ length: n }, () => fetch('/api/ping', { cache: 'no-store' }).then((r) => r.text())))).length;
