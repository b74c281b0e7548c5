#!/usr/bin/env node
import { processIo, type CliIo } from './cli-io';
import { demoCommand, DEMO_HELP } from './demo-command';
import { emulatorCommand, EMULATOR_HELP } from './emulator-command';
import { fireCommand, FIRE_HELP } from './fire-command';
import { UsageError } from './usage-error';
import { watchCommand, WATCH_HELP } from './watch-command';

const HELP = `Usage: consul-events <command> [options]

Commands:
  watch [NAME...]        print each new event once, as JSON lines (or --exec a command)
  fire NAME [PAYLOAD]    fire an event
  emulator               run an emulated Consul agent's event API
  demo                   emulator + watch + a few fired events (what npm start runs)

Run "consul-events <command> --help" for a command's options and examples.`;

const COMMANDS: Record<string, { run: (args: string[], io: CliIo) => Promise<number>; help: string }> = {
  watch: { run: watchCommand, help: WATCH_HELP },
  fire: { run: fireCommand, help: FIRE_HELP },
  emulator: { run: (args) => emulatorCommand(args), help: EMULATOR_HELP },
  demo: { run: (_args, io) => demoCommand(io), help: DEMO_HELP },
};

/**
 * Runs the CLI; resolves with the process exit code: 0, 1 for a failure, 2 for a usage
 * error. Errors print one line on stderr (the stack with --debug).
 *
 * @example
 * ```ts
 * process.exitCode = await main(['watch', 'deploy'], processIo());
 * ```
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${HELP}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`consul-events: unknown command ${JSON.stringify(name)}\n${HELP}\n`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(`${command.help}\n`);
    return 0;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    io.stderr.write(args.includes('--debug') && error instanceof Error && error.stack
      ? `${error.stack}\n`
      : `consul-events: ${(error as Error).message}\n`);
    if (usage) io.stderr.write(`Run "consul-events ${name} --help" for usage.\n`);
    return usage ? 2 : 1;
  }
}

/**
 * The bin. A command whose work vanished (Node has nothing left to wait for, yet the
 * command never finished: a connection that closed without an answer and was not retried)
 * must not exit 0, or a supervisor would take the end of a watch for success.
 */
if (require.main === module) {
  let finished = false;
  process.once('beforeExit', () => {
    if (finished) return;
    process.stderr.write('consul-events: stopped with nothing left to wait for (a connection closed without an answer?): please report it\n');
    process.exitCode = 1;
  });
  void main(process.argv.slice(2)).then((code) => {
    finished = true;
    process.exitCode = code;
  });
}
