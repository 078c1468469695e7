import type { Command } from 'commander';
import { runDemo } from '../../demo/run.js';
import { EXIT } from '../../core/errors.js';
import type { CliIO } from '../io.js';

export function registerDemo(program: Command, io: CliIO): void {
  program
    .command('demo')
    .description('a live team of three agents on this machine (local bare remote, Gateway stand-ins, three watchers)')
    .option('--dir <dir>', 'where to build the demo team (default: a new temp folder, kept afterwards)')
    .option('--json', 'print the measured steps as JSON at the end')
    .option('--stay', "keep the team and its room (ois web) running after the conversation, until Ctrl+C")
    .action(async (options: { dir?: string; json?: boolean; stay?: boolean }) => {
      const result = await runDemo({ env: io.env, out: (line) => io.out(line), signal: io.signal, stay: options.stay ?? false, ...(options.dir ? { dir: options.dir } : {}) });
      if (options.json) io.out(JSON.stringify(result, null, 2));
      if (!result.converged) io.setExitCode(EXIT.failure);
    });
}
