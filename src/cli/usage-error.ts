/**
 * A mistake in how the CLI was called (unknown flag, missing argument): printed with a
 * hint to `--help`, exit code 2.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
