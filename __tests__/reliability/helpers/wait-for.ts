/**
 * Resolves once `condition()` holds, checking every millisecond; rejects after `limitMs`
 * with the condition's source, so a stuck test names what it waited for.
 */
export async function waitFor(condition: () => boolean, limitMs = 5_000): Promise<void> {
  const giveUpAt = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > giveUpAt) throw new Error(`waitFor: still false after ${limitMs} ms: ${condition}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
