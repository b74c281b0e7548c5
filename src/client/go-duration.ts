/**
 * Formats a duration in seconds the way Consul's `wait` parameter reads it (Go's
 * `time.ParseDuration`): whole seconds as `60s`, anything finer as milliseconds (`500ms`).
 */
export function toGoDuration(seconds: number): string {
  const millis = Math.round(seconds * 1000);
  return millis % 1000 === 0 ? `${millis / 1000}s` : `${millis}ms`;
}
