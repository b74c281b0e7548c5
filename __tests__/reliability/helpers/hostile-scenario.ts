/**
 * Run as a plain Node process (not under Jest) by process-safety.test.ts: every hostile
 * input and fault at once, with the process's own `unhandledRejection` and
 * `uncaughtException` handlers counting what escapes. Prints one JSON line at
 * `beforeExit`, which only comes if nothing (socket, timer, child) was left open.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mergeMap, type Subscription } from 'rxjs';
import { consulEvents$, createEventWatcher, decodePayload, fireEvent } from '../../../src';
import { startConsulEmulator } from '../../../src/testing';
import { listedEvent, startHostileAgent } from './hostile-agent';
import { GARBAGE_BODIES, GARBAGE_INDEXES } from './schedule';

const escaped: string[] = [];
process.on('unhandledRejection', (reason) => escaped.push(`unhandledRejection: ${String(reason)}`));
process.on('uncaughtException', (error) => escaped.push(`uncaughtException: ${String(error)}`));
console.warn = () => {}; // createEventWatcher's default reports; counted through onError below

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fixtures = join(__dirname, '..', '..', 'testing', 'fixtures');

async function main(): Promise<void> {
  const hostile = await startHostileAgent();
  const emulator = await startConsulEmulator();
  const tls = await startConsulEmulator({
    tls: { cert: readFileSync(join(fixtures, 'localhost-cert.pem')), key: readFileSync(join(fixtures, 'localhost-key.pem')) },
  });
  const answers = [
    ...GARBAGE_BODIES.map((body) => (_: unknown, res: import('node:http').ServerResponse) => res.writeHead(200, { 'X-Consul-Index': '3' }).end(body)),
    ...GARBAGE_INDEXES.map((index) => (_: unknown, res: import('node:http').ServerResponse) => res.writeHead(200, { 'X-Consul-Index': index }).end('[]')),
    (_: unknown, res: import('node:http').ServerResponse) => res.writeHead(200, { 'X-Consul-Index': '4' }).end(JSON.stringify([listedEvent({ Payload: 'djEuMi4z!!' })])),
    (_: unknown, res: import('node:http').ServerResponse) => res.writeHead(200, { 'X-Consul-Index': '4', 'Content-Length': '100' }).end('[{"ID":'),
    (_: unknown, res: import('node:http').ServerResponse) => { res.writeHead(200, { 'X-Consul-Index': '4' }); res.write('[{"ID":"x",'); res.socket?.destroy(); },
    (_: unknown, res: import('node:http').ServerResponse) => res.writeHead(200, { 'X-Consul-Index': '5' }).end(`[${' '.repeat(9 * 1024 * 1024)}]`),
    (_: unknown, res: import('node:http').ServerResponse) => res.writeHead(429, { 'Retry-After': '99999999999' }).end('slow down'),
    (_: unknown, res: import('node:http').ServerResponse) => res.writeHead(307, { Location: 'http://127.0.0.1:1/' }).end(),
    (_: unknown, res: import('node:http').ServerResponse) => res.socket?.destroy(),
  ];
  hostile.respond = (req, res) => answers[hostile.requests.length % answers.length]!(req, res);

  const subscriptions: Subscription[] = [];
  const fast = { initialDelay: 1, maxDelay: 5 };
  // Each its own poll (shared: false): many concurrent pollers against every hostile answer.
  const watch = (port: number, name?: string) => consulEvents$(name, { port, retry: fast, timeout: 0.05, shared: false });
  for (let i = 0; i < 5; i++) {
    subscriptions.push(watch(hostile.port).subscribe({ error: () => {} }));
    subscriptions.push(watch(hostile.port).pipe(decodePayload('json')).subscribe({ error: () => {} }));
    subscriptions.push(watch(hostile.port).pipe(decodePayload('text', { onError: 'skip', onSkip: () => { throw new Error('onSkip throws'); } })).subscribe({ error: () => {} }));
    subscriptions.push(consulEvents$('deploy', { port: hostile.port, retry: fast, onStatus: () => { throw new Error('onStatus throws'); } }).subscribe({ error: () => {} }));
    subscriptions.push(watch(emulator.port, 'deploy').pipe(mergeMap(async () => { throw new Error('async consumer fails'); })).subscribe({ error: () => {} }));
    subscriptions.push(watch(tls.port).subscribe({ error: () => {} })); // https expected, plain http answered
    subscriptions.push(consulEvents$(undefined, { port: tls.port, scheme: 'https', retry: fast }).subscribe({ error: () => {} }));
  }
  const watcher = createEventWatcher({ port: emulator.port, retry: fast, concurrency: 3, onError: () => Promise.reject(new Error('onError rejects')) });
  subscriptions.push(watcher.watch('deploy', () => { throw new Error('callback throws'); }));
  subscriptions.push(watcher.watch('deploy', async () => { throw new Error('callback rejects'); }));
  subscriptions.push(createEventWatcher({ port: hostile.port, retry: { ...fast, maxRetries: 2 } }).watch('deploy', () => {}));

  for (let round = 0; round < 20; round++) {
    emulator.fire('deploy', `round ${round}`);
    emulator.injectFault(round % 2 ? { kind: 'reset' } : { kind: 'hang' }, { route: 'list', times: 2 });
    emulator.injectFault({ kind: 'truncated-body' }, { route: 'list' });
    if (round % 5 === 4) emulator.restart();
    await Promise.all([
      fireEvent('deploy', `fired ${round}`, { port: emulator.port }).catch(() => {}),
      fireEvent('deploy', 'x', { port: hostile.port, timeout: 0.2 }).catch(() => {}),
      fireEvent('', 'x', { port: emulator.port }).catch(() => {}),
    ]);
    if (round % 4 === 3) subscriptions.splice(0, 3).forEach((subscription) => subscription.unsubscribe()); // unsubscribe mid-flight, mid-hang
    await sleep(40);
  }

  subscriptions.forEach((subscription) => subscription.unsubscribe());
  await Promise.all([hostile.close(), emulator.close(), tls.close()]);
  process.once('beforeExit', () => {
    process.stdout.write(`${JSON.stringify({ escaped, requests: hostile.requests.length })}\n`);
  });
}

main().catch((error: unknown) => {
  escaped.push(`scenario failed: ${String(error)}`);
  process.stdout.write(`${JSON.stringify({ escaped })}\n`);
  process.exitCode = 1;
});
