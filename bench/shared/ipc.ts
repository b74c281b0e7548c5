import { fork, type ChildProcess } from 'node:child_process';

/** A request over the IPC channel, and its answer. */
interface Call { readonly callId: number; readonly cmd: string; readonly args: unknown }
interface Reply { readonly callId: number; readonly result?: unknown; readonly error?: string }
/** A message a child sends on its own (not an answer), e.g. one per delivered event. */
export interface Notice { readonly notice: string; readonly data: unknown }

/** Handlers of a child process, by command name. */
export type Handlers = Record<string, (args: never) => unknown>;

/**
 * Serves the parent's calls in a child process started by {@link spawnChild}: each command
 * runs its handler and answers with the result (or the error message).
 */
export function serveParent(handlers: Handlers): void {
  process.on('message', (message: Call) => {
    const handler = handlers[message.cmd] as ((args: unknown) => unknown) | undefined;
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown command ${message.cmd}`);
        return handler(message.args);
      })
      .then(
        (result) => process.send?.({ callId: message.callId, result } satisfies Reply),
        (error: unknown) => process.send?.({ callId: message.callId, error: error instanceof Error ? error.stack ?? error.message : String(error) } satisfies Reply),
      );
  });
  // The parent going away (even by SIGKILL) closes the channel: never outlive it.
  process.on('disconnect', () => process.exit(0));
}

/** Sends a notice to the parent (no answer expected). */
export function notifyParent(notice: string, data: unknown): void {
  process.send?.({ notice, data } satisfies Notice);
}

/** A child process of the bench, driven by calls over IPC. */
export interface Child {
  readonly process: ChildProcess;
  call<T>(cmd: string, args?: unknown, timeoutMs?: number): Promise<T>;
  onNotice(listener: (notice: Notice) => void): void;
  /** Asks the child to exit, then kills it if it has not within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();
/** Kills every child still running: for the parent's exit paths. */
export function killAllChildren(): void {
  for (const child of running) child.kill('SIGKILL');
}

/**
 * Forks `script` (JavaScript, run by plain node) with extra `nodeArgs` (e.g. `--expose-gc`).
 * Its stdout and stderr are the parent's.
 */
export function spawnChild(script: string, args: string[], nodeArgs: string[] = [], env: Record<string, string> = {}): Child {
  const child = fork(script, args, {
    execArgv: nodeArgs,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...env },
  });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => {
    running.delete(child);
    resolve();
  }));
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const listeners: Array<(notice: Notice) => void> = [];
  child.on('message', (message: Reply | Notice) => {
    if ('notice' in message) {
      for (const listener of listeners) listener(message);
      return;
    }
    const waiter = pending.get(message.callId);
    if (!waiter) return;
    pending.delete(message.callId);
    if (message.error !== undefined) waiter.reject(new Error(`${script}: ${message.error}`));
    else waiter.resolve(message.result);
  });
  child.once('exit', (code, signal) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`${script} exited (${code ?? signal}) during a call`));
    pending.clear();
  });

  return {
    process: child,
    call<T>(cmd: string, args?: unknown, timeoutMs = 120_000): Promise<T> {
      const callId = nextId++;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(callId);
          reject(new Error(`${script}: ${cmd} took longer than ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(callId, {
          resolve: (value) => { clearTimeout(timer); resolve(value as T); },
          reject: (error) => { clearTimeout(timer); reject(error); },
        });
        child.send({ callId, cmd, args } satisfies Call);
      });
    },
    onNotice(listener) {
      listeners.push(listener);
    },
    async stop(graceMs = 3_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
