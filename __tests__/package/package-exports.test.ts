import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** A throw-away project with this checkout linked in as rx-consul-events, beside its peer rxjs. */
function consumerProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rx-consul-consumer-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(root, join(dir, 'node_modules', 'rx-consul-events'), 'dir');
  symlinkSync(join(root, 'node_modules', 'rxjs'), join(dir, 'node_modules', 'rxjs'), 'dir');
  return dir;
}

const node = (cwd: string, ...args: string[]) => execFileSync(process.execPath, args, { cwd, encoding: 'utf8' }).trim();

describe('the built package (npm run build)', () => {
  let consumer: string;
  beforeAll(() => {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'ignore' });
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

  it('ships the consul-events bin', () => {
    expect(node(root, join(root, 'dist', 'cli.js'), '--help')).toMatch(/^Usage: consul-events <command>/);
  });
});
