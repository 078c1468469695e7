import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { say, type SayDeps, type SayResult } from '../../app/say.js';
import { systemCycleDeps } from '../../app/sync/deps.js';
import type { CliIO } from '../io.js';
import { cycleDepsWithGate } from './gate.js';
import { wakeAfterSync } from './wake-after.js';

interface SayOptions {
  sync: boolean;
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
    .option('--json', 'print { file, id, at, synced, via, committed, error } as JSON')
    .addHelpText(
      'after',
      '\nExit 0 when written (and synced); 2 empty message; 3 no identity; when the sync fails the entry is\n' +
        'kept (written and committed) and the exit code is the sync error\'s (4 remote unreachable, 5 conflict).',
    )
    .action(async (words: string[], options: SayOptions) => {
      const message = words.length > 0 ? words.join(' ') : await io.readStdin();
      const result = await say({ cwd: io.cwd, env: io.env, message, sync: options.sync }, deps());
      if (result.outcome) await wakeAfterSync(io, result.outcome, options.json === true, 'text', false);
      if (options.json) io.out(`${JSON.stringify(toJson(result), null, 2)}\n`);
      else report(result, io);
      if (result.syncError) io.setExitCode(result.syncError.exitCode);
    });
}

function toJson(result: SayResult): Record<string, unknown> {
  const error = result.syncError;
  return {
    file: result.file,
    id: result.id,
    at: result.at,
    synced: result.synced,
    via: result.via,
    committed: result.committed,
    error: error ? { code: error.code, message: error.message, hint: error.hint ?? null } : null,
  };
}

function report(result: SayResult, io: CliIO): void {
  const written = `wrote entry ${result.id} to ${result.file} at ${result.at}`;
  if (result.syncError) {
    io.out(`${written}${result.committed ? ' (committed locally)' : ''}`);
    io.err(`ois: sync failed: ${result.syncError.message}`);
    if (result.syncError.hint) io.err(`  ${result.syncError.hint}`);
    io.err(`  The entry is kept${result.committed ? ' in a local commit' : ' in the file'} and goes out with the next sync.`);
    return;
  }
  if (result.via === 'none') io.out(`${written}; not synced (--no-sync): the watcher or the next \`ois sync\` sends it`);
  else if (result.via === 'watcher') io.out(`${written}; synced by the watcher of this clone`);
  else io.out(`${written}; synced`);
}
