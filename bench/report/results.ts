import type { FanoutRow } from '../scenarios/fanout';
import type { IdleRow } from '../scenarios/idle';
import type { LatencyRow } from '../scenarios/latency';
import type { MemoryRow } from '../scenarios/memory';
import type { ThroughputRow } from '../scenarios/throughput';

/** Everything one run measured: what bench/results/latest.json holds. */
export interface BenchResults {
  meta: {
    date: string;
    mode: 'quick' | 'full';
    durationS: number;
    machine: { cpu: string; cores: number; memoryGB: number; platform: string; kernel: string };
    /** 1-minute load average when the run started and ended: above ~0.7 on two cores, something else was running. */
    loadAverage: { atStart: number; atEnd: number };
    /** Busy share of both cores just before each client started (the bench idle): above ~0.15, other work was running. */
    machineBusyBeforeRuns?: { max: number; median: number };
    node: string;
    v8: string;
    library: { entry: string; watcherEntry: string; how: string };
    consulPackage: string;
    emulator: string;
    contenders: string[];
  };
  latency?: { count: number; warmup: number; rows: LatencyRow[] };
  throughput?: { count: number; warmup: number; rows: ThroughputRow[] };
  memory?: { count: number; rate: number; rows: MemoryRow[] };
  fanout?: { subscriptions: number; batch: number; rows: FanoutRow[] };
  idle?: { watchers: number; seconds: number; waitSeconds: number; rows: IdleRow[] };
  targets?: TargetCheck[];
}

/** One target, judged for one of our two APIs. */
export interface TargetCheck {
  target: string;
  who: string;
  value: string;
  met: boolean | null;
  note?: string;
}
