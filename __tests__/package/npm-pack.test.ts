import { execFile, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startConsulEmulator } from '../../src/testing';
import { packedPackage, type PackedPackage } from '../helpers/packed-package';

// What a user gets from `npm install rx-consul-events rxjs`: the tarball `npm pack` makes
// (from a checkout without dist/; packedPackage() shares it with the other tests that need
// a build), installed with its dependencies and rxjs into a fresh
// project from npm's cache (`npm ci` filled it; --offline: nothing is fetched). The project
// runs without msw first (./testing must not need it); then msw (the optional peer that
// ./testing/msw loads), @types/node and a Jest + ts-jest setup are linked from this
// repository, and its typescript compiles: installing them too would only add seconds
// (rxjs alone takes ~4 s to unpack). The README's examples run there as written.

const root = join(__dirname, '..', '..');
const npm = (cwd: string, ...args: string[]) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false' } });
const run = (cwd: string, file: string, ...args: string[]) =>
  execFileSync(file, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/** Installed beside the tarball, at the versions this repository locks. */
const INSTALLED = ['rxjs'];
/** Linked from this repository's node_modules, once the project has run without msw. */
const LINKED = ['msw', '@types/node', 'jest', '@jest/globals', 'ts-jest', 'typescript'];

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [field: string]: unknown;
}

/**
 * A package-lock.json for the consumer: the tarball plus the packages `wanted` needs,
 * each at the version and tree position this repository's lock gives it. With every
 * tarball named by integrity, `npm ci --offline` reads them from the cache and never
 * asks the registry for package metadata (which `npm ci` does not cache).
 */
function consumerLock(tarball: string, manifest: LockEntry, wanted: readonly string[]): object {
  const repoLock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const packages: Record<string, LockEntry> = {};
  const locate = (from: string, name: string): string | undefined => {
    for (let dir = from; ; dir = dir.slice(0, Math.max(0, dir.lastIndexOf('/node_modules/')))) {
      const path = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
      if (repoLock.packages[path]) return path;
      if (!dir) return undefined;
    }
  };
  const visit = (path: string, entry: LockEntry): void => {
    if (packages[path]) return;
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...kept } = entry;
    packages[path] = kept;
    const optional = new Set([
      ...Object.keys(entry.optionalDependencies ?? {}),
      ...Object.entries(entry.peerDependenciesMeta ?? {}).filter(([, meta]) => meta.optional).map(([name]) => name),
    ]);
    const needed = [...Object.keys(entry.dependencies ?? {}), ...Object.keys(entry.optionalDependencies ?? {}), ...Object.keys(entry.peerDependencies ?? {})];
    for (const name of needed) {
      const found = locate(path, name);
      if (found) visit(found, repoLock.packages[found]!);
      else if (!optional.has(name)) throw new Error(`package-lock.json has no ${name} for ${path}`);
    }
  };
  const tarballSpec = `file:${tarball}`;
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  visit('node_modules/rx-consul-events', { ...manifest, resolved: tarballSpec, integrity });
  const dependencies: Record<string, string> = { 'rx-consul-events': tarballSpec };
  for (const name of wanted) {
    visit(`node_modules/${name}`, repoLock.packages[`node_modules/${name}`]!);
    dependencies[name] = packages[`node_modules/${name}`]!.version!;
  }
  return { name: 'consumer', version: '0.0.0', lockfileVersion: 3, requires: true, packages: { '': { name: 'consumer', version: '0.0.0', dependencies }, ...packages } };
}

/** Type-checks `files` in the consumer (this repository's typescript) under one module resolution. */
async function typecheck(consumer: string, name: string, compilerOptions: object, files: Record<string, string>): Promise<void> {
  const dir = join(consumer, name);
  mkdirSync(dir);
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  const config = { compilerOptions: { target: 'es2022', strict: true, noEmit: true, types: ['node'], ...compilerOptions }, files: Object.keys(files) };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(config));
  try {
    await promisify(execFile)(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], { cwd: dir });
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string };
    throw new Error(`tsc (${name}) failed:\n${failure.stdout ?? ''}${failure.stderr ?? ''}`);
  }
}

/** Uses most of the public API with its types, and expects a wrong option type to be refused. */
const apiUse = (from: { main: string; testing: string; msw: string }) => `
import { consulEvents$, decodePayload, fireEvent, createEventWatcher, EventCheckpoint, ConsulHttpError,
  type ConsulEvent, type ConsulEventsOptions, type ConsulEventsStatus } from '${from.main}';
import { startConsulEmulator, ConsulEventStore, type ConsulEmulator } from '${from.testing}';
import { consulEventHandlers } from '${from.msw}';
import type { Observable, Subscription } from 'rxjs';

const options: ConsulEventsOptions = { host: '127.0.0.1', port: 8500, retry: { maxRetries: 3 }, onStatus: (status: ConsulEventsStatus) => void status.type };
const events: Observable<ConsulEvent> = consulEvents$('deploy', options);
const subscription: Subscription = events.pipe(decodePayload<{ version: string }>('json')).subscribe((event) => {
  const version: string | undefined = event.Payload?.version;
  void version;
});
subscription.unsubscribe();
const fired: Promise<ConsulEvent> = fireEvent('deploy', 'v1');
const status = (error: unknown): number | undefined => (error instanceof ConsulHttpError ? error.status : undefined);
const emulator: Promise<ConsulEmulator> = startConsulEmulator({ cors: true });
const handlers = consulEventHandlers(new ConsulEventStore());
const resume = new EventCheckpoint().resumeOptions();
// @ts-expect-error port is a number
consulEvents$('deploy', { port: '8500' });
void [fired, status, emulator, handlers, resume, createEventWatcher];
export {};
`;

/** Watches 'deploy' on an emulator through the installed package, fires one event and prints its decoded payload. */
const roundTrip = (payload: string) => `
  const emulator = await startConsulEmulator();
  const first = firstValueFrom(consulEvents$('deploy', { port: emulator.port }).pipe(decodePayload('text')));
  await fireEvent('deploy', '${payload}', { port: emulator.port });
  console.log((await first).Payload);
  await emulator.close();`;

/** The code blocks of one language in the README section under `heading`, in order. */
function readmeBlocks(heading: string, language: string): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n${heading}\n`);
  if (start === -1) throw new Error(`README.md has no section ${heading}`);
  const end = readme.indexOf('\n## ', start + heading.length + 2);
  const section = readme.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\`\\n`, 'g'))].map((match) => match[1]!);
}

/** What a command printed, or its failure, so that one `it` reports what went wrong in a `beforeAll`. */
function outcome(command: () => string): string {
  try {
    return command();
  } catch (error) {
    const failure = error as { message: string; stdout?: string; stderr?: string };
    return `failed: ${failure.message}\n${failure.stdout ?? ''}${failure.stderr ?? ''}`;
  }
}

describe('the npm pack tarball, installed in a fresh project (npm ci --offline)', () => {
  let work: string;
  let consumer: string;
  let packed: PackedPackage;
  /** What ./testing did in the project before msw was there. */
  const withoutMsw: Record<'msw' | 'require' | 'import', string> = { msw: '', require: '', import: '' };

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'rx-consul-pack-'));
    // Packed from a copy of the checkout as a clone has it (no dist/): `npm pack` must build
    // it itself (prepack), and never races another test over this repository's dist/.
    packed = packedPackage();

    consumer = join(work, 'consumer');
    mkdirSync(consumer);
    const manifest = JSON.parse(readFileSync(join(packed.source, 'package.json'), 'utf8')) as LockEntry;
    const lock = consumerLock(packed.tarball, manifest, INSTALLED) as { packages: { '': object } };
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ ...lock.packages[''], private: true }, null, 2));
    writeFileSync(join(consumer, 'package-lock.json'), JSON.stringify(lock, null, 2));
    npm(consumer, 'ci', '--offline', '--no-audit', '--no-fund');

    withoutMsw.msw = outcome(() => run(consumer, process.execPath, '-e', "try { require.resolve('msw'); console.log('installed') } catch { console.log('absent') }"));
    withoutMsw.require = outcome(() => run(consumer, process.execPath, '-e', `
      const { consulEvents$, decodePayload, fireEvent } = require('rx-consul-events');
      const { startConsulEmulator } = require('rx-consul-events/testing');
      const { firstValueFrom } = require('rxjs');
      (async () => { ${roundTrip('from-require')} })();`));
    withoutMsw.import = outcome(() => run(consumer, process.execPath, '--input-type=module', '-e', `
      import { consulEvents$, decodePayload, fireEvent } from 'rx-consul-events';
      import { startConsulEmulator } from 'rx-consul-events/testing';
      import { firstValueFrom } from 'rxjs';
      ${roundTrip('from-import')}`));

    // Linked only after npm has run: npm prunes what it does not know, through links too.
    for (const name of LINKED) {
      mkdirSync(join(consumer, 'node_modules', name, '..'), { recursive: true });
      symlinkSync(join(root, 'node_modules', name), join(consumer, 'node_modules', name), 'dir');
    }
  }, 60_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('holds the builds, their declarations, the bin and the README, and no sources or tests', () => {
    const paths = packed.files;
    expect(paths).toEqual(expect.arrayContaining([
      'package.json', 'README.md', 'dist/cli.js',
      'dist/index.js', 'dist/index.mjs', 'dist/index.d.ts', 'dist/index.d.mts',
      'dist/testing/index.js', 'dist/testing/index.mjs', 'dist/testing/index.d.ts', 'dist/testing/index.d.mts',
      'dist/testing/msw.js', 'dist/testing/msw.mjs', 'dist/testing/msw.d.ts', 'dist/testing/msw.d.mts',
    ]));
    expect(paths.filter((path) => !/^(dist\/|package\.json$|README\.md$|LICENSE$|CHANGELOG\.md$)/.test(path))).toEqual([]);
  });

  it('works without msw installed, with require() and import: the main entry and ./testing (startConsulEmulator)', () => {
    expect(withoutMsw).toEqual({ msw: 'absent', require: 'from-require', import: 'from-import' });
  });

  it('runs the README\'s testing section as written: the emulator in a default ts-jest project, MSW with the config it gives', () => {
    const [emulatorTest] = readmeBlocks('## Testing your code: `rx-consul-events/testing`', 'ts');
    const [mswTest] = readmeBlocks('## Testing your code: `rx-consul-events/testing`', 'ts').slice(1);
    const [mswConfig] = readmeBlocks('## Testing your code: `rx-consul-events/testing`', 'js');
    const project = (name: string, files: Record<string, string>) => {
      mkdirSync(join(consumer, name));
      for (const [file, text] of Object.entries(files)) writeFileSync(join(consumer, name, file), text);
      return name;
    };
    const defaults = project('jest-default', { 'emulator.test.ts': emulatorTest! });
    run(join(consumer, defaults), process.execPath, join(consumer, 'node_modules', 'ts-jest', 'cli.js'), 'config:init');
    const msw = project('jest-msw', { 'msw.test.ts': mswTest!, 'jest.config.js': mswConfig! });
    const jest = join(consumer, 'node_modules', 'jest', 'bin', 'jest.js');
    const report = join(work, 'jest-results.json');
    const output = outcome(() => run(consumer, process.execPath, jest, '--ci', '--runInBand', '--json', `--outputFile=${report}`, '--projects', defaults, msw));
    if (!existsSync(report)) throw new Error(`jest wrote no results:\n${output}`);
    const results = JSON.parse(readFileSync(report, 'utf8')) as {
      testResults: Array<{ name: string; status: string; message: string; assertionResults: Array<{ status: string }> }>;
    };
    expect(results.testResults.map((file) => [file.name.slice(consumer.length + 1), file.status, file.message, file.assertionResults.map((test) => test.status)]).sort()).toEqual([
      ['jest-default/emulator.test.ts', 'passed', '', ['passed', 'passed']],
      ['jest-msw/msw.test.ts', 'passed', '', ['passed']],
    ]);
  }, 30_000);

  it('runs the README\'s first example as written: it prints each deploy event, and Ctrl-C ends it', async () => {
    const [example] = readmeBlocks('## Example', 'ts');
    writeFileSync(join(consumer, 'example.mjs'), example!);
    const emulator = await startConsulEmulator();
    try {
      const fired = emulator.fire('deploy', 'v1.2.3');
      const child = spawn(process.execPath, ['example.mjs'], { cwd: consumer, env: { ...process.env, CONSUL_HTTP_ADDR: `127.0.0.1:${emulator.port}` } });
      const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve(code ?? signal)));
      let stdout = '';
      child.stderr.resume();
      const firstLine = new Promise<string>((resolve) => child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        if (stdout.includes('\n')) resolve(stdout.split('\n')[0]!);
      }));
      await expect(Promise.race([firstLine, exited.then((code) => `exited with ${String(code)} before printing`)])).resolves.toBe(`deploy v1.2.3 ${fired.ID}`);
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      await emulator.close();
    }
  });

  it('links the consul-events bin, which runs', () => {
    expect(run(consumer, join(consumer, 'node_modules', '.bin', 'consul-events'), '--help')).toMatch(/^Usage: consul-events <command>/);
  });

  it('type-checks a consumer under moduleResolution node16 (CommonJS and ESM files) and bundler', async () => {
    const use = apiUse({ main: 'rx-consul-events', testing: 'rx-consul-events/testing', msw: 'rx-consul-events/testing/msw' });
    await Promise.all([
      typecheck(consumer, 'types-node16', { module: 'node16', moduleResolution: 'node16', skipLibCheck: true }, { 'use.cts': use, 'use.mts': use }),
      typecheck(consumer, 'types-bundler', { module: 'esnext', moduleResolution: 'bundler', skipLibCheck: true }, { 'use.ts': use }),
      // The main entry's declarations checked as well (skipLibCheck off; msw's, under ./testing,
      // are not clean), as a browser project has them: without Node's types, which they must
      // not need. TypeScript's own lib files are not ours to check (skipDefaultLibCheck).
      typecheck(consumer, 'types-lib-check', { module: 'node16', moduleResolution: 'node16', skipLibCheck: false, skipDefaultLibCheck: true, types: [] }, {
        'main.mts': `import { consulEvents$, type ConsulEvent } from 'rx-consul-events';\nconst events: import('rxjs').Observable<ConsulEvent> = consulEvents$();\nvoid events;\n`,
      }),
    ]);
  }, 30_000);
});
