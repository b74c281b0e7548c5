import type { Observable, Subscription } from 'rxjs';
import type { CliIo } from './cli-io';

/**
 * Runs a watch until it is asked to stop (0), its reader goes away (`EPIPE` on stdout or
 * stderr, as after `| head -1`: 0, quietly), or it ends for good: an error rejects with it,
 * and an end without one (which a watch never should) rejects too, so the exit code says
 * the watch is over.
 *
 * @example
 * ```ts
 * const code = await runUntilStopped(events$.pipe(tap(print)), io); // 0 after Ctrl-C
 * ```
 */
export function runUntilStopped(watch$: Observable<unknown>, io: CliIo): Promise<number> {
  return new Promise((resolve, reject) => {
    let subscription: Subscription | undefined;
    let finished = false;
    const finish = (settle: () => void) => {
      if (finished) return;
      finished = true;
      removeStop();
      io.stdout.off('error', onOutputError);
      io.stderr.off('error', onOutputError);
      subscription?.unsubscribe();
      settle();
    };
    const onOutputError = (error: NodeJS.ErrnoException) => finish(() => (error.code === 'EPIPE' ? resolve(0) : reject(error)));
    io.stdout.on('error', onOutputError);
    io.stderr.on('error', onOutputError);
    const removeStop = io.onStop(() => finish(() => resolve(0)));
    subscription = watch$.subscribe({
      error: (error: unknown) => finish(() => reject(error)),
      complete: () => finish(() => reject(new Error('the watch ended without an error, which it never should: please report it'))),
    });
    if (finished) subscription.unsubscribe();
  });
}
