import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packedPackage } from '../helpers/packed-package';

const root = join(__dirname, '..', '..');

/**
 * The package as built for `npm pack` (prepack's `npm run build`, in a clean copy of this
 * checkout), shared with the tarball and CLI tests: this file builds nothing itself.
 */
const built = (): string => packedPackage().source;

/** A throw-away project with the built package linked in as rx-consul-events, beside its peer rxjs. */
function consumerProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rx-consul-consumer-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(built(), join(dir, 'node_modules', 'rx-consul-events'), 'dir');
  symlinkSync(join(root, 'node_modules', 'rxjs'), join(dir, 'node_modules', 'rxjs'), 'dir');
  return dir;
}

/**
 * A throw-away project with a copy of the built package (package.json and dist/, so that
 * nothing resolves through this checkout's node_modules) beside rxjs, and no axios
 * anywhere: loading axios, by require or import, fails there.
 */
function consumerWithoutAxios(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rx-consul-no-axios-'));
  const installed = join(dir, 'node_modules', 'rx-consul-events');
  mkdirSync(installed, { recursive: true });
  cpSync(join(built(), 'package.json'), join(installed, 'package.json'));
  cpSync(join(built(), 'dist'), join(installed, 'dist'), { recursive: true });
  symlinkSync(join(root, 'node_modules', 'rxjs'), join(dir, 'node_modules', 'rxjs'), 'dir');
  return dir;
}

/**
 * A script that watches and fires through the package against a stand-in agent (a bare
 * node:http server), prints the payload it received, and exits.
 */
const watchAndFire = (load: string) => `
  ${load}
  const server = http.createServer((req, res) => {
    if (req.method === 'PUT') return res.end(JSON.stringify({ ID: 'fired', Name: 'deploy', Payload: null }));
    const event = { ID: 'e1', Name: 'deploy', Payload: Buffer.from('over node:http').toString('base64'), LTime: 1, Version: 1 };
    res.writeHead(200, { 'X-Consul-Index': '5' }).end(JSON.stringify([event]));
  });
  server.listen(0, '127.0.0.1', async () => {
    const { port } = server.address();
    await fireEvent('deploy', 'x', { port });
    const event = await firstValueFrom(consulEvents$('deploy', { port }));
    console.log(Buffer.from(event.Payload, 'base64').toString());
    server.close();
  });`;

const node = (cwd: string, ...args: string[]) => execFileSync(process.execPath, args, { cwd, encoding: 'utf8' }).trim();

describe('the built package (npm run build, as prepack runs it)', () => {
  let consumer: string;
  beforeAll(() => {
    consumer = consumerProject();
  }, 60_000);
  afterAll(() => rmSync(consumer, { recursive: true, force: true }));

  it('loads with require(), main entry and ./testing', () => {
    const script = `
      const lib = require('rx-consul-events');
      const testing = require('rx-consul-events/testing');
      console.log(typeof lib.consulEvents$, typeof lib.fireEvent, typeof lib.ConsulHttpError, typeof testing.startConsulEmulator);`;
    expect(node(consumer, '-e', script)).toBe('function function function function');
  });

  it('loads with import, main entry and ./testing', () => {
    const script = `
      import { consulEvents$, fireEvent } from 'rx-consul-events';
      import { startConsulEmulator } from 'rx-consul-events/testing';
      console.log(typeof consulEvents$, typeof fireEvent, typeof startConsulEmulator);`;
    expect(node(consumer, '--input-type=module', '-e', script)).toBe('function function function');
  });

  it('works end to end from the ESM build: a watch on the emulator sees a fired event', () => {
    const script = `
      import { consulEvents$, fireEvent } from 'rx-consul-events';
      import { startConsulEmulator } from 'rx-consul-events/testing';
      import { firstValueFrom } from 'rxjs';
      const emulator = await startConsulEmulator();
      const first = firstValueFrom(consulEvents$('deploy', { port: emulator.port }));
      await fireEvent('deploy', 'from-esm', { port: emulator.port });
      const event = await first;
      console.log(Buffer.from(event.Payload, 'base64').toString());
      await emulator.close();`;
    expect(node(consumer, '--input-type=module', '-e', script)).toBe('from-esm');
  });

  describe('in Node, without axios installed (Node uses node:http; only browsers load axios)', () => {
    let bare: string;
    beforeAll(() => {
      bare = consumerWithoutAxios();
    });
    afterAll(() => rmSync(bare, { recursive: true, force: true }));

    it('require() loads, watches and fires', () => {
      const script = watchAndFire(`
        const http = require('node:http');
        const { consulEvents$, fireEvent } = require('rx-consul-events');
        const { firstValueFrom } = require('rxjs');`);
      expect(node(bare, '-e', script)).toBe('over node:http');
    });

    it('import loads, watches and fires', () => {
      const script = watchAndFire(`
        import http from 'node:http';
        import { consulEvents$, fireEvent } from 'rx-consul-events';
        import { firstValueFrom } from 'rxjs';`);
      expect(node(bare, '--input-type=module', '-e', script)).toBe('over node:http');
    });
  });

  it('ships the consul-events bin', () => {
    expect(node(root, join(built(), 'dist', 'cli.js'), '--help')).toMatch(/^Usage: consul-events <command>/);
  });
});
