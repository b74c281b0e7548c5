import * as http from 'node:http';
import { nowUs } from '../shared/clock';
import type { Child } from '../shared/ipc';
import { round, summarize, type Summary } from '../shared/stats';
import type { ContenderName } from '../client/contenders';
import { resetEmulator, runName, startClient, type BenchContext } from './context';

export interface LatencyRow extends Summary { contender: string; samplesUs: number[]; errors: number }

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
 * Latency: fire → delivered, one event at a time. Every contender runs at once, each in its
 * own process on its own name, and the fires take turns between them (the order rotating
 * every round), so drift in the machine or the emulator hits them alike. Before each fire
 * every long-poll is blocked at the agent (each sample is a wake-up, not a race with a
 * re-poll); the driver stamps the time, fires over HTTP (keep-alive), and the client stamps
 * the delivery on the same monotonic clock. The first `warmup` rounds are dropped. The
 * names share the agent's 256-event buffer, so each list answer carries about 256 /
 * contenders events.
 */
export async function latencyScenario(ctx: BenchContext): Promise<{ count: number; warmup: number; rows: LatencyRow[] }> {
  const { count, warmup } = ctx.sizes.latency;
  const rows = await latencyRounds(ctx, ctx.contenders, count, warmup);
  for (const row of rows) {
    ctx.progress(`latency     ${row.contender.padEnd(8)} p50 ${round(row.p50, 0)} µs  p95 ${round(row.p95, 0)} µs  p99 ${round(row.p99, 0)} µs`);
  }
  return { count, warmup, rows };
}

/** `count` + `warmup` rounds of one fire per contender; also used, discarded, to warm the emulator's HTTP fire path. */
export async function latencyRounds(ctx: BenchContext, contenders: readonly ContenderName[], count: number, warmup: number): Promise<LatencyRow[]> {
  const agent = new http.Agent({ keepAlive: true });
  await resetEmulator(ctx);
  const deliveredAt = new Map<string, number>();
  const waiting = new Map<string, (at: number) => void>();
  const clients: Child[] = [];
  try {
    for (const contender of contenders) {
      const client = await startClient(ctx, contender, { record: 'notify' });
      clients.push(client);
      client.onNotice(({ notice, data }) => {
        if (notice !== 'event') return;
        const { id, at } = data as { id: string; at: number };
        const resolve = waiting.get(id);
        if (resolve) resolve(at);
        else deliveredAt.set(id, at);
      });
    }
    const delivery = (id: string, contender: string): Promise<number> => {
      const at = deliveredAt.get(id);
      if (at !== undefined) return Promise.resolve(at);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${contender}: event ${id} not delivered within 10 s`)), 10_000);
        waiting.set(id, (when) => {
          clearTimeout(timer);
          resolve(when);
        });
      });
    };
    const names = contenders.map((contender) => runName('latency', contender));
    for (const [i, client] of clients.entries()) {
      await client.call('watch', { targets: [names[i]] });
      await client.call('mark');
    }
    const samples: number[][] = contenders.map(() => []);
    for (let round = 0; round < warmup + count; round++) {
      for (let k = 0; k < contenders.length; k++) {
        const c = (round + k) % contenders.length;
        await ctx.emulator.call('awaitBlocked', { count: contenders.length, timeoutMs: 10_000 });
        const firedAt = nowUs();
        const id = await fireOverHttp(agent, ctx.port, names[c]!, `v${round}`);
        const at = await delivery(id, contenders[c]!);
        deliveredAt.delete(id);
        waiting.delete(id);
        if (round >= warmup) samples[c]!.push(at - firedAt);
      }
    }
    const rows: LatencyRow[] = [];
    for (const [c, contender] of contenders.entries()) {
      if (process.env.BENCH_STAGES) {
        const deltas = await clients[c]!.call<number[][]>('stageDeltas');
        if (deltas.length) {
          const med = (k: number) => summarize(deltas.map((d) => d[k]!)).p50;
          ctx.progress(`stages ${contender}: data→end ${med(1)} µs, end→then ${med(2)} µs, then→next ${med(3)} µs, next→delivered ${med(4)} µs`);
        }
      }
      const report = await clients[c]!.call<{ health: { errors: number } }>('report');
      rows.push({ contender, ...summarize(samples[c]!), samplesUs: samples[c]!.map((v) => round(v, 0)), errors: report.health.errors });
    }
    return rows;
  } finally {
    for (const client of clients) await client.stop();
    agent.destroy();
  }
}
