import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { say, type SayDeps } from '../../app/chat/say.js';
import { systemCycleDeps } from '../../wiring/cycle-deps.js';
import { portsOf } from '../../wiring/ports.js';
import type { CliIO } from '../io.js';
import { cycleDepsWithGate } from './gate.js';
import { reportWrite } from './task-common.js';

interface SayOptions {
  sync: boolean;
  wake: boolean;
  json?: boolean;
}

/** The real clock and randomness for `ois say`. */
export function systemSayDeps(): SayDeps {
  return {
    now: () => new Date(),
    randomBytes: (size) => new Uint8Array(randomBytes(size)),
    cycle: cycleDepsWithGate(systemCycleDeps()),
  };
}

/**
 * `ois say [MESSAGE...]`: append a chat entry as this agent, then sync (unless `--no-sync`).
 * `--json` prints `{ file, id, at, synced, via, committed, error }` (`error` is null or `{ code, message, hint }`).
 */
export function registerSay(program: Command, io: CliIO, deps: () => SayDeps = systemSayDeps): void {
  program
    .command('say')
    .description("append a chat entry as this agent to today's chat/YYYY-MM-DD.md (UTC), then sync")
    .argument('[message...]', 'the message (Markdown); read from standard input when left out')
    .option('--no-sync', 'only write the entry; the watcher or the next `ois sync` sends it')
    .option('--no-wake', 'write it without waking anyone (marks it [AUTO]): for thanks, acknowledgements, notes')
    .option('--json', 'print { file, id, at, synced, via, committed, error } as JSON')
    .addHelpText(
      'after',
      '\nExit 0 when written (and synced); 2 empty message; 3 no identity; when the sync fails the entry is\n' +
        'kept (written and committed) and the exit code is the sync error\'s (4 remote unreachable, 5 conflict).',
    )
    .action(async (words: string[], options: SayOptions) => {
      const message = words.length > 0 ? words.join(' ') : await io.readStdin();
      const result = await say({ cwd: io.cwd, ports: portsOf(io), message, sync: options.sync, wake: options.wake }, deps());
      await reportWrite(io, result, options.json, `wrote entry ${result.id} to ${result.file} at ${result.at}`);
    });
}
