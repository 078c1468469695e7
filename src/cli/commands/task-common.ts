import { wakeAfterSync } from './wake-after.js';
import type { SayResult } from '../../app/say.js';
import type { CliIO } from '../io.js';

/**
 * Prints what a structured-entry command wrote (as `ois say` does) and sets the sync error's exit code.
 * `--json`: `{ file, id, at, synced, via, committed, error, …extra }`.
 */
export async function reportWrite(io: CliIO, result: SayResult, json: boolean | undefined, what: string, extra: Record<string, unknown> = {}): Promise<void> {
  if (result.outcome) await wakeAfterSync(io, result.outcome, json === true, 'text', false);
  const error = result.syncError;
  if (json) {
    const out = {
      ...extra,
      file: result.file,
      id: result.id,
      at: result.at,
      synced: result.synced,
      via: result.via,
      committed: result.committed,
      error: error ? { code: error.code, message: error.message, hint: error.hint ?? null } : null,
    };
    io.out(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    const written = `wrote ${what} to ${result.file} (entry ${result.id})`;
    if (error) {
      io.out(`${written}${result.committed ? ' (committed locally)' : ''}`);
      io.err(`ois: sync failed: ${error.message}`);
      if (error.hint) io.err(`  ${error.hint}`);
      io.err('  The entry is kept and goes out with the next sync.');
    } else if (result.via === 'none') io.out(`${written}; not synced (--no-sync)`);
    else io.out(`${written}; synced${result.via === 'watcher' ? ' by the watcher of this clone' : ''}`);
  }
  if (error) io.setExitCode(error.exitCode);
}
