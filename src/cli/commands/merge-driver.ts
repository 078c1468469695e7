import type { Command } from 'commander';
import { readTextFile, writeFileAtomic } from '../../adapters/fs.js';
import { mergeChatLogs } from '../../core/chatlog/merge.js';
import { EXIT } from '../../core/errors.js';
import type { CliIO } from '../io.js';

/**
 * `ois merge-driver %O %A %B %P` (hidden): git's custom merge driver for `chat/*.md`. Reads the
 * base, ours and theirs files, writes the entry-aware merge into the ours file (atomically), and
 * exits 0 when clean, 1 when conflict markers were written, 2 when a file cannot be read or written.
 */
export function registerMergeDriver(program: Command, io: CliIO): void {
  program
    .command('merge-driver <base> <ours> <theirs> [path]', { hidden: true })
    .description("git merge driver for chat logs (git's %O %A %B %P)")
    .action(async (base: string, ours: string, theirs: string, path: string | undefined) => {
      const shown = path ?? ours;
      let texts: string[];
      try {
        texts = await Promise.all([base, ours, theirs].map((file) => readTextFile(file)));
      } catch (error) {
        io.err(`ois merge-driver: ${shown}: cannot read an input: ${describe(error)}`);
        io.setExitCode(EXIT.usage);
        return;
      }
      const [b = '', o = '', t = ''] = texts;
      const result = mergeChatLogs(b, o, t);
      try {
        await writeFileAtomic(ours, result.text);
      } catch (error) {
        io.err(`ois merge-driver: ${shown}: cannot write the result: ${describe(error)}`);
        io.setExitCode(EXIT.usage);
        return;
      }
      if (result.conflicts > 0) {
        io.err(`ois merge-driver: ${shown}: ${result.conflicts} conflict${result.conflicts === 1 ? '' : 's'} (an entry changed differently on both sides)`);
        io.setExitCode(1);
      }
    });
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ?? (error instanceof Error ? error.message : String(error));
}
