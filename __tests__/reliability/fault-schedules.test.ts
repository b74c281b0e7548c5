import fc from 'fast-check';
import { brokenPromises } from './helpers/invariants';
import { runSchedule } from './helpers/run-schedule';
import { describeStep, scheduleArbitrary } from './helpers/schedule';

/**
 * Randomized fault schedules against the loopback emulator. A fixed seed keeps CI
 * deterministic; explore with e.g. `FC_SEED=$RANDOM FC_RUNS=500 npx jest fault-schedules`.
 * A counter-example found this way belongs in fault-schedule-regressions.test.ts.
 */
const seed = Number(process.env.FC_SEED ?? 20_241_124);
const numRuns = Number(process.env.FC_RUNS ?? 40);

describe('consulEvents$ under randomized fault schedules (fires, faults, restarts, gossip duplicates, slow consumers, resubscribe from a checkpoint)', () => {
  it('handles every event still buffered when polled exactly once, in the agent\'s order, never one twice, and never ends', async () => {
    await fc.assert(
      fc.asyncProperty(scheduleArbitrary(14), async ({ config, steps }) => {
        const record = await runSchedule(config, steps);
        const broken = brokenPromises(record);
        if (broken.length > 0) {
          throw new Error(`${broken.join('\n')}\nconfig ${JSON.stringify(config)}\nsteps:\n  ${steps.map(describeStep).join('\n  ')}`);
        }
      }),
      { seed, numRuns, endOnFailure: process.env.FC_SHRINK === undefined },
    );
  }, 120_000);
});
