/**
 * Operations on an index: the clone's own (`.git/index`, what the next commit holds) or a temporary
 * one given as `index` (a path; git then never touches the clone's). Building a tree without touching
 * the work tree is read-tree → update-index → write-tree in a temporary index. Paths given to git
 * are literal (no glob), and long path lists go on standard input, never on the command line.
 */
import type { GitOperation } from './operation.js';
import type { TreeEntry } from './objects.js';

const ZERO = '0'.repeat(40);
const indexEnv = (index: string | undefined): { env?: Record<string, string> } => (index === undefined ? {} : { env: { GIT_INDEX_FILE: index } });
const nul = (paths: readonly string[]): string => paths.map((path) => `${path}\0`).join('');

/** Replaces the index with `tree`'s entries (`read-tree`; the work tree is not touched). */
export const readTree = (tree: string, options: { index?: string } = {}): GitOperation<void> => ({
  name: 'read-tree',
  args: ['read-tree', tree],
  ...indexEnv(options.index),
  parse: () => undefined,
});

/** Writes the index as a tree and returns its id. */
export const writeTree = (options: { index?: string } = {}): GitOperation<string> => ({
  name: 'write-tree',
  args: ['write-tree'],
  ...indexEnv(options.index),
  parse: (out) => out.toString('utf8').trim(),
});

/**
 * Sets index entries in one `update-index --index-info` (an entry undefined: the path is removed),
 * without touching the work tree. `add` lets paths not in the index yet be added.
 */
export const setIndexEntries = (
  entries: ReadonlyArray<readonly [string, TreeEntry | undefined]>,
  options: { index?: string; add?: boolean } = {},
): GitOperation<void> => ({
  name: 'update-index',
  args: ['update-index', ...(options.add ? ['--add'] : []), '--index-info'],
  input: entries.map(([path, entry]) => (entry ? `${entry.mode} ${entry.sha}\t${path}\n` : `0 ${ZERO}\t${path}\n`)).join(''),
  ...indexEnv(options.index),
  parse: () => undefined,
});

/** A staged entry (`ls-files -s`): mode, blob, stage (0; 1-3 while conflicted) and path. */
export interface StagedEntry extends TreeEntry {
  stage: number;
  path: string;
}

/** The index entries of `paths` (literal), or of the whole index when `paths` is undefined. */
export const stagedEntries = (paths?: readonly string[]): GitOperation<StagedEntry[]> => ({
  name: 'ls-files',
  args: ['--literal-pathspecs', 'ls-files', '-s', '-z', ...(paths === undefined ? [] : ['--', ...paths])],
  parse: (out) => parseLsFilesStageZ(out.toString('utf8')),
});

/** Parses `ls-files -s -z` output: `<mode> <sha> <stage>\t<path>` records. */
export function parseLsFilesStageZ(out: string): StagedEntry[] {
  return out
    .split('\0')
    .map((record) => /^(\d+) ([0-9a-f]+) (\d)\t(.+)$/s.exec(record))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ mode: m[1] ?? '', sha: m[2] ?? '', stage: Number(m[3]), path: m[4] ?? '' }));
}

/** `git add -A` of `paths` (literal, NUL-separated on standard input: no argument-length limit). */
export const addPaths = (paths: readonly string[]): GitOperation<void> => ({
  name: 'add',
  args: ['--literal-pathspecs', 'add', '-A', '--pathspec-from-file=-', '--pathspec-file-nul'],
  input: nul(paths),
  parse: () => undefined,
});

/** Unstages `paths` (`git reset -q`; literal, on standard input): the work tree keeps them as they are. */
export const unstagePaths = (paths: readonly string[]): GitOperation<void> => ({
  name: 'reset',
  args: ['--literal-pathspecs', 'reset', '-q', '--pathspec-from-file=-', '--pathspec-file-nul'],
  input: nul(paths),
  parse: () => undefined,
});

/** Refreshes the index's stat data (`update-index -q --refresh`: a file that differs is not an error). */
export const refreshIndex = (): GitOperation<void> => ({
  name: 'update-index',
  args: ['update-index', '-q', '--refresh'],
  okExitCodes: [1],
  parse: () => undefined,
});

/** The paths staged as added, copied, modified or renamed (what a pre-commit hook checks). */
export const stagedPaths = (): GitOperation<string[]> => ({
  name: 'diff',
  args: ['diff', '--cached', '--name-only', '-z', '--diff-filter=ACMR'],
  parse: (out) => out.toString('utf8').split('\0').filter(Boolean),
});
