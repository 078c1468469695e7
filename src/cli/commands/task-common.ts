import type { SayResult } from '../../app/chat/say.js';
import { describeNotice } from '../../core/sync/notices.js';
import type { CliIO } from '../io.js';
import { wakeAfterSync } from './wake-after.js';

/**
 * Reports a written chat entry (`ois say`, and the structured-entry commands): wakes the peers for what
 * this process pushed, prints the result (JSON `{ file, id, at, synced, via, committed, error, …extra }`
 * or a sentence starting with `written`), and sets the sync error's exit code.
 */
export async function reportWrite(io: CliIO, result: SayResult, json: boolean | undefined, written: string, extra: Record<string, unknown> = {}): Promise<void> {
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
      notices: result.notices ?? [],
    };
    io.out(`${JSON.stringify(out, null, 2)}\n`);
  } else if (error) {
    io.out(`${written}${result.committed ? ' (committed locally)' : ''}`);
    io.err(`ois: sync failed: ${error.message}`);
    if (error.hint) io.err(`  ${error.hint}`);
    io.err(`  The entry is kept${result.committed ? ' in a local commit' : ' in the file'} and goes out with the next sync.`);
  } else if (result.via === 'none') io.out(`${written}; not synced (--no-sync): the watcher or the next \`ois sync\` sends it`);
  else io.out(`${written}; synced${result.via === 'watcher' ? ' by the watcher of this clone' : ''}`);
  // The agent learns here what the sync did to its other entries: which one is held back, and why.
  if (!json) for (const notice of result.notices ?? []) io.err(`ois: ${describeNotice(notice)}`);
  if (error) io.setExitCode(error.exitCode);
}

/** The first words of a structured entry's report. */
export function wroteWhat(what: string, result: SayResult): string {
  return `wrote ${what} to ${result.file} (entry ${result.id})`;
}
