/**
 * The main job: watch Consul user events and print each one once, as it arrives.
 *
 *   npm start                 # every event name
 *   npm start -- deploy       # one name
 *
 * The agent comes from CONSUL_HTTP_ADDR (and CONSUL_HTTP_TOKEN, CONSUL_CACERT, …), else
 * 127.0.0.1:8500. Ctrl-C stops the watch and aborts the long-poll.
 */
import { consulEvents$ } from '../src';

const name = process.argv[2];
const subscription = consulEvents$(name).subscribe({
  next: (event) => {
    const payload = event.Payload === null ? null : Buffer.from(event.Payload, 'base64').toString('utf8');
    console.log(JSON.stringify({ id: event.ID, name: event.Name, payload, ltime: event.LTime }));
  },
  error: (error: Error) => {
    console.error(`consul-events: ${error.message}`);
    process.exitCode = 1;
  },
});
console.error(`watching ${name ?? 'every event'} on ${process.env.CONSUL_HTTP_ADDR ?? '127.0.0.1:8500'} (Ctrl-C to stop)`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => subscription.unsubscribe());
}
