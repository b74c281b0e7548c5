/**
 * Resolves `{ value }` if `promise` has resolved by the next macrotask, else `'pending'`:
 * long enough for any synchronous wake-up in the store to have settled.
 */
export function settled<T>(promise: Promise<T>): Promise<{ value: T } | 'pending'> {
  return Promise.race([
    promise.then((value) => ({ value })),
    new Promise<'pending'>((resolve) => setImmediate(() => resolve('pending'))),
  ]);
}
