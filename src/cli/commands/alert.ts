import type { Command } from 'commander';
import type { SayDeps } from '../../app/chat/say.js';
import { raiseAlert } from '../../app/tasks/write.js';
import { portsOf } from '../../wiring/ports.js';
import type { CliIO } from '../io.js';
import { systemSayDeps } from './say.js';
import { reportWrite, wroteWhat } from './task-common.js';

interface AlertOptions {
  level: string;
  source?: string;
  action?: string;
  sync: boolean;
  json?: boolean;
}

/** `ois alert --level L [--source S] [--action A] MESSAGE`: an `error` or `critical` alert wakes everyone. */
export function registerAlert(program: Command, io: CliIO, deps: () => SayDeps = systemSayDeps): void {
  program
    .command('alert')
    .description('write an Alert to the chat; error and critical alerts mention @all (everyone is woken)')
    .argument('[message...]', 'what happened; read from standard input when left out')
    .requiredOption('--level <level>', 'info, warning, error or critical')
    .option('--source <source>', 'what raised it (default: this agent)')
    .option('--action <action>', 'what someone should do')
    .option('--no-sync', 'only write the entry')
    .option('--json', 'print { file, id, at, synced, via, committed, error } as JSON')
    .action(async (words: string[], options: AlertOptions) => {
      const message = words.length > 0 ? words.join(' ') : await io.readStdin();
      const input = {
        cwd: io.cwd,
        ports: portsOf(io),
        sync: options.sync,
        level: options.level,
        message,
        ...(options.source === undefined ? {} : { source: options.source }),
        ...(options.action === undefined ? {} : { action: options.action }),
      };
      const result = await raiseAlert(input, deps());
      await reportWrite(io, result, options.json, wroteWhat(`${options.level} alert`, result));
    });
}
