/**
 * Git notes operations (`git notes`, and fetching and pushing a notes ref), with the classification of
 * their failures. Pure: each builds a GitOperation (operation.ts); `Git.exec` runs it. ois keeps its
 * wake records in a notes ref (core/wake/notes.ts says what a note holds).
 */
import { GitCommandError } from './error.js';
import type { GitOperation } from './operation.js';

const text = (out: Buffer): string => out.toString('utf8');

/**
 * The note on `commit` in `ref`, or '' when it has none (`notes show` exits 1 then).
 *
 * @example await git.exec(showNote('refs/notes/ois-wakes', sha)) // 'ois-wake delivered peer=hkh at=… by=aria\n'
 */
export const showNote = (ref: string, commit: string): GitOperation<string> => ({
  name: 'notes',
  args: ['notes', `--ref=${ref}`, 'show', commit],
  okExitCodes: [1],
  parse: (out, code) => (code === 0 ? text(out) : ''),
});

/**
 * The notes of several commits in `ref`, in one git process (`git log --no-walk` with `%N`): a map of
 * each commit to its note ('' when it has none), or undefined when the output does not line up with
 * the commits asked for, record by record (a note is a blob anyone who can push may fill with the
 * separator): the caller then reads them one by one with {@link showNote}. Every commit must exist
 * (git fails otherwise, and so does this).
 *
 * @example await git.exec(showNotes('refs/notes/ois-wakes', [a, b])) // Map { a => 'ois-wake delivered …\n', b => '' }
 */
export const showNotes = (ref: string, commits: readonly string[]): GitOperation<Map<string, string> | undefined> => {
  const asked = [...new Set(commits)];
  return {
    name: 'log',
    args: ['log', '--no-walk=unsorted', '--no-notes', `--notes=${ref}`, `--format=%H%x00%N${NOTES_RECORD_END}`, ...asked, '--'],
    parse: (out) => parseNotesLog(text(out), asked),
  };
};

/** What ends each commit's record in {@link showNotes}' output (then git's own newline). */
const NOTES_RECORD_END = '%x1e';

/** Parses {@link showNotes}' output against the commits asked for, in order; undefined unless it lines up exactly. */
export function parseNotesLog(output: string, asked: readonly string[]): Map<string, string> | undefined {
  const records = output.split('\x1e\n');
  if (records.pop() !== '' || records.length !== asked.length) return undefined;
  const notes = new Map<string, string>();
  for (const [i, record] of records.entries()) {
    const sha = asked[i] ?? '';
    if (!record.startsWith(`${sha}\x00`)) return undefined;
    notes.set(sha, record.slice(sha.length + 1));
  }
  return notes;
}

/**
 * Sets the note on `commit` in `ref` to `message` (replacing what was there: callers pass the whole
 * text), committed with `env` (the author identity of the notes commit).
 */
export const setNote = (ref: string, commit: string, message: string, env?: Readonly<Record<string, string>>): GitOperation<void> => ({
  name: 'notes',
  args: ['notes', `--ref=${ref}`, 'add', '-f', '-m', message, commit],
  ...(env === undefined ? {} : { env }),
  parse: () => undefined,
});

/** Merges the notes ref `from` into `ref` by union (`cat_sort_uniq`: lines of both, sorted, unique). */
export const mergeNotesByUnion = (ref: string, from: string, env?: Readonly<Record<string, string>>): GitOperation<void> => ({
  name: 'notes',
  args: ['notes', `--ref=${ref}`, 'merge', '-q', '-s', 'cat_sort_uniq', from],
  ...(env === undefined ? {} : { env }),
  parse: () => undefined,
});

/** Fetches the remote's `ref` into the local tracking ref `tracking` (forced: it is the remote's view). */
export const fetchNotes = (remote: string, ref: string, tracking: string): GitOperation<void> => ({
  name: 'fetch',
  args: ['fetch', '--no-tags', '--no-write-fetch-head', '--quiet', remote, `+${ref}:${tracking}`],
  parse: () => undefined,
});

/**
 * Pushes the local notes `ref` to the same name on `remote`, never forced: `pushed`, or `rejected`
 * when the remote moved (`--porcelain`'s `!` line saying `[rejected]`: git says it on stdout, exit
 * code 1).
 * Any other failure rejects with GitCommandError.
 *
 * @example await git.exec(pushNotes('origin', 'refs/notes/ois-wakes')) // 'pushed'
 */
export const pushNotes = (remote: string, ref: string): GitOperation<'pushed' | 'rejected'> => {
  const args = ['push', '--porcelain', '--quiet', remote, `${ref}:${ref}`];
  return {
    name: 'push',
    args,
    okExitCodes: [1],
    parse: (out, code) => {
      const status = parsePushPorcelain(text(out));
      // `[rejected]`: the remote moved. `[remote rejected]` (a hook said no) is a failure with its reason.
      if (status.some((line) => line.flag === '!' && line.summary.startsWith('[rejected]'))) return 'rejected';
      if (code !== 0) throw new GitCommandError(args, status.map((line) => `error: ${line.to} ${line.summary}`).join('\n') || text(out), { exitCode: code });
      return 'pushed';
    },
  };
};

/** One ref line of `git push --porcelain`: `<flag>\t<from>:<to>\t<summary>`. */
export interface PushStatus {
  /** ` ` fast-forward, `+` forced, `-` deleted, `*` new, `!` rejected, `=` up to date. */
  flag: string;
  from: string;
  to: string;
  summary: string;
}

/**
 * The ref lines of `git push --porcelain` output (the `To …` and `Done` lines are left out).
 *
 * @example parsePushPorcelain('To /o.git\n!\trefs/notes/x:refs/notes/x\t[rejected] (fetch first)\nDone\n')
 * // [{ flag: '!', from: 'refs/notes/x', to: 'refs/notes/x', summary: '[rejected] (fetch first)' }]
 */
export function parsePushPorcelain(output: string): PushStatus[] {
  const lines: PushStatus[] = [];
  for (const line of output.split('\n')) {
    const match = /^([ +\-*!=])\t([^\t]*)\t(.*)$/.exec(line);
    if (!match) continue;
    const [from = '', to = ''] = (match[2] ?? '').split(':');
    lines.push({ flag: match[1] ?? '', from, to, summary: match[3] ?? '' });
  }
  return lines;
}

/**
 * Whether a failed fetch failed only because the remote has no such ref (nobody pushed notes yet).
 *
 * @example isMissingRemoteRef(new GitCommandError(['fetch'], "fatal: couldn't find remote ref refs/notes/ois-wakes")) // true
 */
export function isMissingRemoteRef(error: unknown): boolean {
  return error instanceof GitCommandError && /couldn't find remote ref/i.test(error.stderr);
}

/**
 * A git failure in a few words for a log line: git's last message line, without `fatal: ` and
 * without URLs (a remote URL may carry credentials).
 *
 * @example gitProblem(new GitCommandError(['push'], 'fatal: unable to access https://u:p@host/x: timeout')) // 'unable to access <remote> timeout'
 */
export function gitProblem(error: unknown): string {
  if (error instanceof GitCommandError) {
    const line = error.stderr.trim().split('\n').filter((l) => l.trim() && !/^hint:/.test(l)).at(-1) ?? error.message;
    return line.replace(/[a-z]+:\/\/\S+/gi, '<remote>').replace(/^fatal: /, '');
  }
  return error instanceof Error ? error.message : String(error);
}

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
