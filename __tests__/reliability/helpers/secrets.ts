import { inspect } from 'node:util';

/**
 * Everything a value says about itself, as text: `String()`, the stack, `util.inspect`
 * with hidden properties and getters (the `cause` chain included, however deep), and
 * JSON. What a logger, an error reporter or a crash dump could ever print.
 */
export function everythingSaid(value: unknown): string {
  const parts: string[] = [String(value)];
  let current: unknown = value;
  for (let depth = 0; current instanceof Error && depth < 10; depth++) {
    parts.push(current.stack ?? '', current.message);
    current = current.cause;
  }
  parts.push(inspect(value, { depth: 12, showHidden: true, getters: true, maxStringLength: Infinity, maxArrayLength: Infinity }));
  try {
    parts.push(JSON.stringify(value) ?? '');
  } catch {
    // circular: inspect above covered it
  }
  return parts.join('\n');
}

/** The places among `things` (by label) where `secret` shows up, for a readable failure. */
export function whereItLeaks(secret: string, things: Record<string, unknown>): string[] {
  return Object.entries(things).filter(([, value]) => everythingSaid(value).includes(secret)).map(([label]) => label);
}
