import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { EventCheckpoint } from '../client/event-checkpoint';

/**
 * The checkpoint saved in `file`, or `undefined` when there is no such file yet. A file
 * that cannot be read or does not hold a checkpoint is an error that says so: starting
 * over silently would run every handler again for what the agent still lists.
 *
 * @example
 * ```ts
 * const checkpoint = readCheckpointFile('deploy.checkpoint.json') ?? new EventCheckpoint();
 * ```
 */
export function readCheckpointFile(file: string): EventCheckpoint | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`--checkpoint ${file} cannot be read: ${(error as Error).message}`);
  }
  try {
    return new EventCheckpoint(JSON.parse(text));
  } catch (error) {
    throw new Error(
      `--checkpoint ${file} does not hold a checkpoint (${(error as Error).message}); ` +
      'repair it, or remove it to start over (the events the agent still lists then run again)',
    );
  }
}

/** Flushes a directory's entries (the rename) to disk where the platform allows it. */
function fsyncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms and file systems cannot fsync a directory; the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Saves `checkpoint` to `file` atomically: written to a temporary file beside it, flushed
 * to disk (fsync), then renamed over `file`. A crash or a full disk leaves the previous
 * checkpoint whole, never a torn file; the error names the file.
 *
 * @example
 * ```ts
 * checkpoint.record(event);
 * writeCheckpointFile('deploy.checkpoint.json', checkpoint);
 * ```
 */
export function writeCheckpointFile(file: string, checkpoint: EventCheckpoint): void {
  const temporary = `${file}.${process.pid}.tmp`;
  let fd: number | undefined;
  let created = false;
  try {
    fd = openSync(temporary, 'w', 0o600);
    created = true;
    writeFileSync(fd, `${JSON.stringify(checkpoint)}\n`);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, file);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    if (created) rmSync(temporary, { force: true });
    throw new Error(`--checkpoint ${file} cannot be written (the previous checkpoint is kept): ${(error as Error).message}`);
  }
  fsyncDirectory(dirname(file));
}
