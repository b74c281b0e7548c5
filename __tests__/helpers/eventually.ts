/** How long {@link eventually} waits, and what its failure says it waited for. */
export interface EventuallyOptions {
  /**
   * What the test waits for, in words (a function is asked at the failure, so it can tell
   * what was there instead); the condition's source when not given.
   */
  what?: string | (() => string);
  /** Gives up after this long; the default stays below Jest's 10 s test timeout. @default 8000 */
  limitMs?: number;
}

/**
 * Resolves once `condition()` holds, checking every millisecond. After `limitMs` it
 * rejects with an error naming what it awaited (`what`, or else the condition's source),
 * so a stuck test says what never happened, and its loop stops with it.
 *
 * The one polling helper of the tests. It uses no Jest globals, so the browser e2e (run
 * by node's test runner) shares it.
 *
 * @example
 * await eventually(() => emulator.openListRequests === 0);
 * await eventually(() => page.closed, { what: 'the tab to close', limitMs: 2_000 });
 * await eventually(() => lines.length >= 2, { what: () => `2 lines, got ${JSON.stringify(lines)}` });
 */
export async function eventually(condition: () => boolean, { what, limitMs = 8_000 }: EventuallyOptions = {}): Promise<void> {
  const giveUpAt = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > giveUpAt) {
      const awaited = typeof what === 'function' ? what() : what ?? String(condition);
      throw new Error(`eventually: still false after ${limitMs} ms: ${awaited}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
