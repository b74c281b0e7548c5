import { spawn } from 'node:child_process';
import { join } from 'node:path';

// The scenario runs in its own Node process (through ts-node): allow for its start-up.
jest.setTimeout(30_000);

const root = join(__dirname, '..', '..');

/** Runs the hostile scenario; resolves with its exit code and output, or kills it after `limitMs`. */
function runScenario(limitMs: number): Promise<{ code: number | string; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, 'helpers', 'hostile-scenario.ts')], {
    cwd: root,
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const killer = setTimeout(() => child.kill('SIGKILL'), limitMs);
  return new Promise((resolve) => child.on('close', (code, signal) => {
    clearTimeout(killer);
    resolve({ code: code ?? signal ?? 'unknown', stdout, stderr });
  }));
}

describe('process safety under every hostile input at once (a child process with its own handlers)', () => {
  it('lets no rejection or exception escape, and exits by itself once everything is unsubscribed', async () => {
    const { code, stdout, stderr } = await runScenario(25_000);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' }); // SIGKILL here means something kept the process alive
    const report = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(report.escaped).toEqual([]);
    expect(report.requests).toBeGreaterThan(50);
  });
});
