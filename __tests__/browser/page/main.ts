// The page under test: what a browser app does with the library. Bundled by
// bundle-page.ts, which swaps this import for the package's ESM build (dist/index.mjs);
// it names src/ here only so that `tsc --noEmit` checks this file before any build.
import { consulEvents$, decodePayload } from '../../../src/index';

const params = new URLSearchParams(location.search);
const status = document.querySelector<HTMLOutputElement>('#status')!;
const list = document.querySelector<HTMLUListElement>('#events')!;

const subscription = consulEvents$(params.get('name') ?? 'deploy', {
  host: params.get('host') ?? '127.0.0.1',
  port: Number(params.get('port')),
  token: params.get('token') ?? undefined,
  retry: { initialDelay: 50, maxDelay: 200, maxRetries: 3 },
})
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
