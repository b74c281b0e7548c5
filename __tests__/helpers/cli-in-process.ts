import { PassThrough, Readable } from 'node:stream';
import type { CliIo } from '../../src/cli/cli-io';
import { main } from '../../src/cli/main';
import { eventually } from './eventually';

/** `main()` running in this process, with its output collected and a stop request at hand. */
export interface CliRun {
  stdout: string;
  stderr: string;
  /** Complete stdout lines so far. */
  lines(): string[];
  /** Complete stderr lines so far. */
  errorLines(): string[];
  /** Asks the command to stop, as SIGINT/SIGTERM would. */
  stop(): void;
  /** The exit code `main()` resolved with. */
  exited: Promise<number>;
}

const running = new Set<CliRun>();
afterEach(async () => {
  const runs = [...running];
  running.clear();
  runs.forEach((run) => run.stop());
  await Promise.all(runs.map((run) => run.exited));
});

/**
 * Starts `consul-events ...args` in-process: its streams are collected, `env` is the only
 * environment its connection defaults read, `stdin` what `fire … -` reads. A command still
 * running after the test is stopped.
 */
export function startMain(args: string[], env: Record<string, string> = {}, stdin = ''): CliRun {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stops = new Set<() => void>();
  const io: CliIo = {
    stdout,
    stderr,
    stdin: Readable.from([Buffer.from(stdin)]),
    env,
    onStop: (stop) => {
      stops.add(stop);
      return () => stops.delete(stop);
    },
  };
  const run: CliRun = {
    stdout: '',
    stderr: '',
    lines: () => run.stdout.split('\n').slice(0, -1),
    errorLines: () => run.stderr.split('\n').slice(0, -1),
    stop: () => stops.forEach((stop) => stop()),
    exited: main(args, io),
  };
  stdout.setEncoding('utf8').on('data', (chunk: string) => (run.stdout += chunk));
  stderr.setEncoding('utf8').on('data', (chunk: string) => (run.stderr += chunk));
  running.add(run);
  void run.exited.finally(() => running.delete(run));
  return run;
}

/** Runs `consul-events ...args` in-process to its end; resolves with its exit code and output. */
export async function runMain(args: string[], env: Record<string, string> = {}, stdin = '') {
  const run = startMain(args, env, stdin);
  const code = await run.exited;
  await new Promise((resolve) => setImmediate(resolve)); // the last chunks through the streams
  return { code, stdout: run.stdout, stderr: run.stderr };
}

/** Resolves once `run` printed at least `count` stdout lines. */
export async function waitForOutput(run: Pick<CliRun, 'lines' | 'stdout'>, count: number): Promise<string[]> {
  await eventually(() => run.lines().length >= count, {
    what: () => `${count} stdout lines from main(); stdout: ${JSON.stringify(run.stdout)}`,
  });
  return run.lines();
}
