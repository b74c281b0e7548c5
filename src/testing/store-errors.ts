/**
 * A blocked or hanging request that the emulated agent dropped without an answer, because
 * it restarted or was closed. The HTTP doors turn it into a reset connection.
 *
 * @example
 * ```ts
 * const pending = store.waitForList('deploy', index, 60_000);
 * store.restart();
 * await pending.catch((error) => error instanceof ConnectionDroppedError && error.reason); // 'restart'
 * ```
 */
export class ConnectionDroppedError extends Error {
  override readonly name = 'ConnectionDroppedError';

  constructor(readonly reason: 'restart' | 'close') {
    super(reason === 'restart' ? 'the emulated Consul agent restarted' : 'the emulated Consul agent was closed');
  }
}

/**
 * The emulated agent refused to fire an event; `message` is the agent's own error text
 * (the body of its `500` answer), e.g. `Cannot provide tag filter without service filter`.
 *
 * @example
 * ```ts
 * try {
 *   store.fire('deploy', 'x'.repeat(1000));
 * } catch (error) {
 *   if (error instanceof EventRejectedError) console.log(error.message);
 *   // error broadcasting event: user event exceeds configured limit of 512 bytes before encoding
 * }
 * ```
 */
export class EventRejectedError extends Error {
  override readonly name = 'EventRejectedError';
}
