import * as http from 'node:http';
import type { ContenderName } from '../client/contenders';
import { nowUs } from '../shared/clock';
import { round, summarize, type Summary } from '../shared/stats';
import { resetEmulator, rotate, runName, startClient, type BenchContext } from './context';
import type { BufferShape } from './shapes';

/**
 * How the next event is fired: once the contender's long-poll is blocked at the agent
 * again (each sample is a wake-up), or as soon as the previous event was delivered (the
 * client's re-poll is on the path).
 */
export type LatencyMethod = 'blocked' | 'back-to-back';
export const METHODS: readonly LatencyMethod[] = ['blocked', 'back-to-back'];
export const methodLabel = (method: LatencyMethod): string => (method === 'blocked' ? 'once every poll is blocked' : 'back to back');

export interface LatencyRow extends Summary {
  shape: BufferShape;
  method: LatencyMethod;
  /** Interleaved round (0-based). */
  round: number;
  contender: string;
  samplesUs: number[];
  errors: number;
}

export interface LatencyResults { count: number; warmup: number; rounds: number; rows: LatencyRow[] }

/** `PUT /v1/event/fire/:name` over a keep-alive connection; resolves with the new event's ID. */
function fireOverHttp(agent: http.Agent, port: number, name: string, payload: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const body = Buffer.from(payload);
    const request = http.request(
      { host: '127.0.0.1', port, agent, method: 'PUT', path: `/v1/event/fire/${encodeURIComponent(name)}`, headers: { 'Content-Length': body.length } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => (res.statusCode === 200 ? resolve((JSON.parse(text) as { ID: string }).ID) : reject(new Error(`fire: HTTP ${res.statusCode} ${text}`))));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * Latency: fire (HTTP PUT, keep-alive) → delivered, one event at a time, the driver and
 * the client stamping the same monotonic clock. For each buffer shape and method, `rounds`
 * interleaved rounds in which every contender runs once, alone, in a fresh process (the
 * order rotating), so a ratio to the floor is taken per round. In the busy shape the 15
 * other names' events that come with each watched one are fired (inside the emulator)
 * just before it. The first `warmup` samples of each run are dropped.
 */
export async function latencyScenario(ctx: BenchContext): Promise<LatencyResults> {
  const { count, warmup } = ctx.sizes.latency;
  const rounds = ctx.sizes.rounds;
  const rows: LatencyRow[] = [];
  for (const shape of ctx.shapes) {
    for (const method of METHODS) {
      for (let r = 0; r < rounds; r++) {
        for (const contender of rotate(ctx.contenders, r)) {
          const row = await latencyRun(ctx, { shape, method, contender, count, warmup, round: r });
          rows.push(row);
          ctx.progress(`latency     ${shape} ${method.padEnd(12)} r${r} ${contender.padEnd(13)} p50 ${round(row.p50, 0)} µs  p95 ${round(row.p95, 0)} µs  p99 ${round(row.p99, 0)} µs`);
        }
      }
    }
  }
  return { count, warmup, rounds, rows };
}

/** One contender's latency run; also used, discarded, to warm the emulator's HTTP fire path. */
export async function latencyRun(
  ctx: BenchContext,
  { shape, method, contender, count, warmup, round: roundNo }: { shape: BufferShape; method: LatencyMethod; contender: ContenderName; count: number; warmup: number; round: number },
): Promise<LatencyRow> {
  const agent = new http.Agent({ keepAlive: true });
  await resetEmulator(ctx);
  const name = runName(`latency-${shape}`, contender);
  await ctx.emulator.call('prefill', { name, shape });
  const client = await startClient(ctx, contender, { record: 'notify' });
  const deliveredAt = new Map<string, number>();
  let waiting: { id: string; resolve: (at: number) => void } | undefined;
  client.onNotice(({ notice, data }) => {
    if (notice !== 'event') return;
    const { id, at } = data as { id: string; at: number };
    if (waiting?.id === id) waiting.resolve(at);
    else deliveredAt.set(id, at);
  });
  const delivery = (id: string): Promise<number> => {
    const at = deliveredAt.get(id);
    if (at !== undefined) return Promise.resolve(at);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${contender}: event ${id} not delivered within 10 s`)), 10_000);
      waiting = { id, resolve: (when) => {
        clearTimeout(timer);
        waiting = undefined;
        resolve(when);
      } };
    });
  };
  try {
    await client.call('watch', { targets: [name] });
    await client.call('mark');
    const samples: number[] = [];
    for (let i = 0; i < warmup + count; i++) {
      if (shape === 'busy') await ctx.emulator.call('fireOthers', { name, shape, round: i });
      if (method === 'blocked' || i === 0) await ctx.emulator.call('awaitBlocked', { count: 1, timeoutMs: 10_000 });
      const firedAt = nowUs();
      const id = await fireOverHttp(agent, ctx.port, name, `v${i}`);
      const at = await delivery(id);
      deliveredAt.delete(id);
      if (i >= warmup) samples.push(at - firedAt);
    }
    const report = await client.call<{ health: { errors: number } }>('report');
    return { shape, method, round: roundNo, contender, ...summarize(samples), samplesUs: samples.map((v) => round(v, 0)), errors: report.health.errors };
  } finally {
    await client.stop();
    agent.destroy();
  }
}
