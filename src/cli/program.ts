import { Command, CommanderError } from 'commander';
import { EXIT, isOisError } from '../core/errors.js';
import { classifyFailure } from '../core/failure.js';
import type { CliIO } from './io.js';
import { loadCommands } from './commands/index.js';
import { PACKAGE_NAME, VERSION } from '../core/package-info.js';

/**
 * A fresh commander program wired to `io`, with the commands `argv` needs (all of them by default)
 * registered from `commands/index.ts`.
 */
export async function createProgram(io: CliIO, argv: readonly string[] = []): Promise<Command> {
  const program = new Command('ois')
    .description('OpenClaw Inter-System sync agent: one git repository, one team of OpenClaw agents')
    .version(`${PACKAGE_NAME} ${VERSION}`, '-V, --version')
    .showHelpAfterError('(run `ois --help` for usage)')
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .exitOverride()
    .addHelpText(
      'after',
      `
Exit codes:
  0 done / in sync        1 failure, or a check found errors    2 bad command line
  3 setup (not a repo, no remote, no identity, bad config)      4 remote unreachable (work kept)
  5 conflict needs a human (work kept)   6 remote refused credentials   7 another ois owns this clone
  8 clone needs a manual repair          9 a wake could not be delivered
  10 disk full, over quota or read-only (nothing lost: free space, run again)
  11 the clone's git repository is damaged (git fsck; or clone again keeping refs/ois/backup/*)`,
    );
  for (const register of await loadCommands(argv)) register(program, io);
  return program;
}

/** Runs the CLI with `argv` (without `node` and the script); returns the exit code. Never throws. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  let exitCode = 0;
  const captured: CliIO = {
    ...io,
    setExitCode: (code) => {
      exitCode = code;
      io.setExitCode(code);
    },
  };
  try {
    const program = await createProgram(captured, argv);
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: CliIO): number {
  if (error instanceof CommanderError) {
    // commander already printed its message (help, version, usage errors).
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
    if (error.code === 'commander.help') return EXIT.ok;
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  // A full disk, a read-only file system, a damaged repository: the machine's state, not a bug in ois.
  const typed = isOisError(error) ? error : classifyFailure(error);
  if (typed) {
    io.err(`ois: ${typed.message}`);
    if (typed.hint) io.err(`  ${typed.hint}`);
    return typed.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.err(`ois: internal error: ${message}`);
  if (io.env.OIS_DEBUG && error instanceof Error && error.stack) io.err(error.stack);
  else io.err('  This is a bug in ois. Run again with OIS_DEBUG=1 for details and report it.');
  return EXIT.failure;
}
