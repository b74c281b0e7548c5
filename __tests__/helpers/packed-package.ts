import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..');
/**
 * One cache per checkout, outside it: TypeScript treats sources under a node_modules folder
 * as a library's, and the declaration build made there types the API as `unknown`.
 */
const cacheDir = join(tmpdir(), `rx-consul-events-pack-${createHash('sha256').update(root).digest('hex').slice(0, 8)}`);

/** Left out of the clean copy, as a fresh clone has none of them (bench/ is a workbench of its own). */
const NOT_IN_A_CLONE = new Set(['.git', 'node_modules', 'dist', 'coverage', 'bench', 'docs/api']);
/** Copied, but no input of the build or the tarball: a change there does not rebuild. */
const NOT_AN_INPUT = new Set([...NOT_IN_A_CLONE, '__tests__']);

/** The package as `npm pack` made it from a clean copy of this checkout. */
export interface PackedPackage {
  /** The copy it was packed from: package.json, dist/ as prepack built it, node_modules linked to this checkout's. */
  readonly source: string;
  /** The tarball's path. */
  readonly tarball: string;
  /** The paths the tarball holds, as `npm pack --json` lists them. */
  readonly files: readonly string[];
}

const copied = (skipped: Set<string>) => (path: string): boolean => !skipped.has(relative(root, path)) && !path.endsWith('.tgz');

/** Every file of the checkout that can change what `npm pack` makes, in a stable order. */
function inputs(dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((entry) => ({ entry, path: join(dir, entry.name) }))
    .filter(({ path }) => copied(NOT_AN_INPUT)(path))
    .flatMap(({ entry, path }) => (entry.isDirectory() ? inputs(path) : entry.isFile() ? [path] : []));
}

/** Blocks this thread for `ms` (the build is synchronous, and so is waiting for another worker's). */
const pause = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * `npm pack` of a clean copy of this checkout (no git, installs or dist/: prepack builds it,
 * declarations and the bin included), made once per state of its inputs and kept in
 * the system's temporary folder, so that one test run builds the package once: the tarball tests, the
 * built-package tests and the CLI bin tests share it, and `npm run build` elsewhere never
 * pulls a dist/ away under them. Jest workers building at once wait for the first.
 *
 * @example
 * const { tarball, files } = packedPackage();
 * const bin = join(packedPackage().source, 'dist', 'cli.js');
 */
export function packedPackage(): PackedPackage {
  const hash = createHash('sha256');
  for (const file of inputs()) hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  const dir = join(cacheDir, hash.digest('hex').slice(0, 16));
  const manifest = join(dir, 'packed.json');
  const lock = `${dir}.lock`;
  mkdirSync(cacheDir, { recursive: true });
  const giveUpAt = Date.now() + 300_000;
  while (!existsSync(manifest)) {
    try {
      mkdirSync(lock);
    } catch {
      if (Date.now() > giveUpAt) throw new Error(`packedPackage: ${lock} is still held after 5 minutes; remove it if nothing is building`);
      if (!isHeld(lock)) rmSync(lock, { recursive: true, force: true }); // its builder died
      pause(100);
      continue;
    }
    try {
      writeFileSync(join(lock, 'pid'), String(process.pid));
      if (!existsSync(manifest)) build(dir);
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  return JSON.parse(readFileSync(manifest, 'utf8')) as PackedPackage;
}

/** Whether the process that took `lock` still runs (a lock without its pid yet is being taken). */
function isHeld(lock: string): boolean {
  try {
    process.kill(Number(readFileSync(join(lock, 'pid'), 'utf8')), 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** Packs into `dir`, and removes the builds of earlier states of the checkout. */
function build(dir: string): void {
  for (const old of readdirSync(cacheDir)) {
    if (!old.endsWith('.lock')) rmSync(join(cacheDir, old), { recursive: true, force: true });
  }
  const building = `${dir}.building`;
  const source = join(building, 'source');
  cpSync(root, source, { recursive: true, filter: copied(NOT_IN_A_CLONE) });
  if (existsSync(join(source, 'dist'))) throw new Error('the source copy must start without dist/');
  symlinkSync(join(root, 'node_modules'), join(source, 'node_modules'), 'dir');
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', building], {
    cwd: source,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_update_notifier: 'false' },
  })) as [{ filename: string; files: { path: string }[] }];
  renameSync(building, dir);
  const result: PackedPackage = { source: join(dir, 'source'), tarball: join(dir, packed.filename), files: packed.files.map((file) => file.path) };
  writeFileSync(join(dir, 'packed.json'), JSON.stringify(result));
}
