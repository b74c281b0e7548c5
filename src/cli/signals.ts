/**
 * Calls `stop` once on the first SIGINT or SIGTERM, then removes its listeners, so a
 * command can end cleanly (unsubscribe, close servers) and let the process exit by itself.
 */
export function onStopSignal(stop: (signal: NodeJS.Signals) => void): () => void {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
  const handler = (signal: NodeJS.Signals) => {
    remove();
    stop(signal);
  };
  const remove = () => signals.forEach((signal) => process.off(signal, handler));
  signals.forEach((signal) => process.once(signal, handler));
  return remove;
}
