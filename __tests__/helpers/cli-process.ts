import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { eventually } from './eventually';
import { packedPackage } from './packed-package';

const root = join(__dirname, '..', '..');

/**
 * The `consul-events` bin as `npm pack` ships it (dist/cli.js of the package build, which
 * the tarball and built-package tests share): one build per state of the sources.
 */
const builtCli = (): string => join(packedPackage().source, 'dist', 'cli.js');

let cliPath: string | undefined;
// Built (or found in the cache) before the first test, whose own timeout a build would eat.
beforeAll(() => {
  cliPath ??= builtCli();
}, 120_000);

/** A running `consul-events` CLI (the built bin) with its output collected. */
export interface CliProcess {
  readonly child: ChildProcessWithoutNullStreams;
  stdout: string;
  stderr: string;
  /** Complete stdout lines so far. */
  lines(): string[];
  /** Complete stderr lines so far. */
  errorLines(): string[];
  /** Resolves with the exit code (or signal name) once the process ended. */
  exited: Promise<number | string>;
}

const running = new Set<ChildProcessWithoutNullStreams>();
afterEach(() => {
  running.forEach((child) => child.kill('SIGKILL'));
  running.clear();
});

/** Starts the built `consul-events ...args` with `env` added to the test's (CONSUL_*-free) environment. */
export function startCli(args: string[], env: Record<string, string> = {}): CliProcess {
  cliPath ??= builtCli();
  const child = spawn(process.execPath, [cliPath, ...args], { cwd: root, env: { ...process.env, ...env } });
  running.add(child);
  const cli: CliProcess = {
    child,
    stdout: '',
    stderr: '',
    lines: () => cli.stdout.split('\n').slice(0, -1),
    errorLines: () => cli.stderr.split('\n').slice(0, -1),
    exited: new Promise((resolve) => child.on('close', (code, signal) => {
      running.delete(child);
      resolve(code ?? signal ?? 'unknown');
    })),
  };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (cli.stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (cli.stderr += chunk));
  return cli;
}

/** Runs the built CLI to its end; resolves with its exit code and output. */
export async function runCli(args: string[], env: Record<string, string> = {}, stdin?: string) {
  const cli = startCli(args, env);
  cli.child.stdin.end(stdin);
  const code = await cli.exited;
  return { code, stdout: cli.stdout, stderr: cli.stderr };
}

/** Resolves once the CLI printed at least `count` stdout lines. */
export async function waitForLines(cli: CliProcess, count: number): Promise<string[]> {
  await eventually(() => cli.lines().length >= count, {
    what: () => `${count} stdout lines from consul-events; stdout: ${JSON.stringify(cli.stdout)}, stderr: ${JSON.stringify(cli.stderr)}`,
  });
  return cli.lines();
}
