/**
 * A stand-in agent for bench/tools/back-to-back.ts: answers every `GET /v1/event/list` at
 * once (no blocking) with a 256-event ring that got one new event since the last request,
 * in Consul's compact JSON, with the index Consul computes from the newest event's UUID.
 * Forked by back-to-back.ts; sends its port to the parent.
 */
import * as http from 'node:http';
import { randomUUID } from 'node:crypto';

const RING = 256;
const ring: string[] = [];
let fired = 0;

/** Appends an event (dropping the oldest past 256) and returns its index. */
function fire(): string {
  const id = randomUUID();
  ring.push(JSON.stringify({ ID: id, Name: 'w', Payload: Buffer.from(`payload-${fired}`).toString('base64'), NodeFilter: '', ServiceFilter: '', TagFilter: '', Version: 1, LTime: fired++ }));
  if (ring.length > RING) ring.shift();
  const hex = id.replace(/-/g, '');
  return (BigInt(`0x${hex.slice(0, 16)}`) ^ BigInt(`0x${hex.slice(16)}`)).toString(10);
}

for (let i = 0; i < RING; i++) fire();
const server = http.createServer((_req, res) => {
  const index = fire();
  const body = `[${ring.join(',')}]`;
  res.writeHead(200, { 'Content-Type': 'application/json', 'X-Consul-Index': index, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send!((server.address() as { port: number }).port));
process.on('disconnect', () => process.exit(0));
