import type { Command } from 'commander';
import { runMergeDriver } from '../../app/sync/merge-driver.js';
import { portsOf } from '../../wiring/ports.js';
import type { CliIO } from '../io.js';

/**
 * `ois merge-driver %O %A %B %P` (hidden): git's custom merge driver for `chat/*.md`; exits 0 when
 * clean, 1 when conflict markers were written, 2 when a file cannot be read or written. bin.ts also
 * runs it directly, without loading the rest of the CLI.
 */
export function registerMergeDriver(program: Command, io: CliIO): void {
  program
    .command('merge-driver <base> <ours> <theirs> [path]', { hidden: true })
    .description("git merge driver for chat logs (git's %O %A %B %P)")
    .action(async (base: string, ours: string, theirs: string, path: string | undefined) => {
      const ports = portsOf(io);
      const code = await runMergeDriver({ base, ours, theirs, ...(path ? { path } : {}) }, { err: (line) => io.err(line), files: ports.files, git: ports.gitFor(io.cwd) });
      if (code !== 0) io.setExitCode(code);
    });
}
