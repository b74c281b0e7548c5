import type { CostResults } from '../scenarios/cost';
import type { IdleRow } from '../scenarios/idle';
import type { LatencyResults } from '../scenarios/latency';
import type { MemoryRow } from '../scenarios/memory';
import type { ScaleResults } from '../scenarios/scale';
import type { StartupRow } from '../scenarios/startup';

/** Everything one run measured: what bench/results/latest.json holds. */
export interface BenchResults {
  meta: {
    date: string;
    mode: 'quick' | 'full';
    durationS: number;
    /** Interleaved rounds of the latency and cost runs. */
    rounds: number;
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
  startup?: { rows: StartupRow[] };
  latency?: LatencyResults;
  cost?: CostResults;
  memory?: { count: number; rate: number; rows: MemoryRow[] };
  scale?: ScaleResults;
  idle?: { watchers: number; seconds: number; waitSeconds: number; rows: IdleRow[] };
  targets?: TargetCheck[];
}

/** One target, judged for one contender. `met: null` is reported but not judged (see `note`). */
export interface TargetCheck {
  target: string;
  who: string;
  value: string;
  met: boolean | null;
  note?: string;
}
