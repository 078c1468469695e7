import type { Command } from 'commander';
import { runPreCommit } from '../../app/hooks/pre-commit.js';
import { OisError } from '../../core/errors.js';
import { portsOf } from '../../wiring/ports.js';
import type { CliIO } from '../io.js';

/** `ois hook NAME`: the one dispatcher the installed git hook stubs call. Hidden from --help. */
export function registerHook(program: Command, io: CliIO): void {
  program
    .command('hook', { hidden: true })
    .argument('<name>', 'the git hook being run')
    .action(async (name: string) => {
      if (name !== 'pre-commit') throw new OisError('USAGE', `unknown hook "${name}"`, { hint: 'ois handles: pre-commit.' });
      const problems = await runPreCommit(portsOf(io).gitFor(io.cwd));
      if (problems.length === 0) return;
      for (const line of problems) io.err(line);
      io.err('ois: commit refused: fix the problems above (or skip this check once with OIS_SKIP_HOOKS=1).');
      io.setExitCode(1);
    });
}
