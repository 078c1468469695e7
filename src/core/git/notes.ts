/**
 * Git notes (`refs/notes/…`): pure operations, run with `Git.exec`.
 */
import type { GitOperation } from './operation.js';

/**
 * Every note of the notes ref `ref` (`refs/notes/ois-wakes`): annotated commit → the note's blob id.
 * A notes ref that does not exist yet has no notes.
 *
 * @example (await git.exec(listNotes('refs/notes/ois-wakes'))).get(commit) // the note's blob id
 */
export const listNotes = (ref: string): GitOperation<Map<string, string>> => ({
  name: 'notes',
  args: ['notes', `--ref=${ref}`, 'list'],
  parse: (out) => parseNotesList(out.toString('utf8')),
});

/** Parses `git notes list` output: one `<note blob> <annotated object>` per line. */
export function parseNotesList(out: string): Map<string, string> {
  const notes = new Map<string, string>();
  for (const line of out.split('\n')) {
    const [blob, object] = line.trim().split(/\s+/);
    if (blob && object) notes.set(object, blob);
  }
  return notes;
}
