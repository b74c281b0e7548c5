import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { eventually } from './eventually';

const root = join(__dirname, '..', '..');
const cacheDir = join(root, 'node_modules', '.cache', 'consul-events-cli');

/** Every file the build reads, in a stable order. */
function buildInputs(dir = join(root, 'src')): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => (entry.isDirectory() ? buildInputs(join(dir, entry.name)) : [join(dir, entry.name)]));
}

/**
 * The `consul-events` bin as `npm run build` makes it (tsup, with the `cli` entry of
 * tsup.config.ts), built once per state of the sources into node_modules/.cache: test
 * files and workers share it, and `npm run build` elsewhere never pulls it away.
 */
function builtCli(): string {
  const inputs = [...buildInputs(), join(root, 'tsup.config.ts'), join(root, 'package.json'), join(root, 'tsconfig.json')];
  const hash = createHash('sha256');
  for (const file of inputs) hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  const dir = join(cacheDir, hash.digest('hex').slice(0, 16));
  const cli = join(dir, 'cli.js');
  if (existsSync(cli)) return cli;

  const building = `${dir}.${process.pid}.tmp`;
  mkdirSync(building, { recursive: true });
  const config = join(building, 'tsup.cli.config.ts');
  writeFileSync(config, [
    `import configs from ${JSON.stringify(join(root, 'tsup.config'))};`,
    'const all = (Array.isArray(configs) ? configs : [configs]) as Array<{ entry?: unknown }>;',
    "const cli = all.filter((c) => typeof c.entry === 'object' && c.entry !== null && 'cli' in c.entry);",
    `export default cli.map((c) => ({ ...c, outDir: ${JSON.stringify(building)}, silent: true }));`,
  ].join('\n'));
  execFileSync(process.execPath, [join(root, 'node_modules', 'tsup', 'dist', 'cli-default.js'), '--config', config], { cwd: root, stdio: 'pipe' });
  for (const old of readdirSync(cacheDir)) {
    if (!old.includes('.') && old !== relative(cacheDir, dir)) rmSync(join(cacheDir, old), { recursive: true, force: true });
  }
  try {
    renameSync(building, dir);
  } catch {
    rmSync(building, { recursive: true, force: true }); // another worker built it first
  }
  return cli;
}

let cliPath: string | undefined;

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
  await eventually(() => cli.lines().length >= count);
  return cli.lines();
}
