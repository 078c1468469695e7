/**
 * Reading objects by name (`rev:path`, a blob id) in one git process: pure operations, run with
 * `Git.exec`. A name that does not exist, or is not a blob, reads as undefined, never as an error.
 * Also writing blobs (`hash-object -w`) and listing a tree's entries (`ls-tree`).
 */
import { parseCatFileBatch } from '../sync/cat-file.js';
import type { GitOperation } from './operation.js';

/**
 * The UTF-8 texts of the blobs `specs` name (`HEAD:chat/2026-11-23.md`, a blob id), in order, in one
 * `git cat-file --batch`; undefined for a name that is missing or not a blob.
 *
 * @example const [before, after] = await git.exec(readBlobs(['HEAD~1:chat/2026-11-23.md', 'HEAD:chat/2026-11-23.md']))
 */
export const readBlobs = (specs: readonly string[]): GitOperation<Array<string | undefined>> => ({
  name: 'cat-file',
  args: ['cat-file', '--batch'],
  input: specs.map((spec) => `${spec}\n`).join(''),
  parse: (out) => parseCatFileBatch(out, specs.length).map((object) => (object?.type === 'blob' ? object.content.toString('utf8') : undefined)),
});

/** An object's id, type and size, from `git cat-file --batch-check`. */
export interface ObjectInfo {
  sha: string;
  type: string;
  size: number;
}

/**
 * The id, type and size of `rev:path` objects (or any object names) without reading them, in one
 * `git cat-file --batch-check`; undefined for what does not exist. What is too large to read safely
 * is recognised here, before any byte of it is loaded.
 *
 * @example const [info] = await git.exec(objectInfo(['HEAD:AGENTS.md'])) // { sha: '…', type: 'blob', size: 2048 }
 */
export const objectInfo = (specs: readonly string[]): GitOperation<Array<ObjectInfo | undefined>> => ({
  name: 'cat-file',
  args: ['cat-file', '--batch-check'],
  input: specs.map((spec) => `${spec}\n`).join(''),
  parse: (out) => parseBatchCheck(out.toString('utf8'), specs.length),
});

/** Parses `cat-file --batch-check` output: `<sha> <type> <size>` per object, `<name> missing` otherwise. */
export function parseBatchCheck(out: string, count: number): Array<ObjectInfo | undefined> {
  const lines = out.split('\n');
  return Array.from({ length: count }, (_, i) => {
    const match = /^([0-9a-f]{40,64}) (\S+) (\d+)$/.exec(lines[i] ?? '');
    return match ? { sha: match[1] ?? '', type: match[2] ?? '', size: Number(match[3]) } : undefined;
  });
}

/**
 * Writes `content` as a blob and returns its id. With `path`, the path's filters apply (line endings as
 * `git add` would convert them); without, the text is stored as it is (`--no-filters`).
 */
export const writeBlob = (content: string, options: { path?: string } = {}): GitOperation<string> => ({
  name: 'hash-object',
  // From standard input without --path, git applies no filter (as --no-filters).
  args: ['hash-object', '-w', '--stdin', ...(options.path === undefined ? [] : [`--path=${options.path}`])],
  input: content,
  parse: (out) => out.toString('utf8').trim(),
});

/** A file's entry in a tree or the index: its mode (`100644`, `120000` …) and object id. */
export interface TreeEntry {
  mode: string;
  sha: string;
}

/**
 * The blob entries of `paths` in `commit`'s tree (paths from the top, whatever the current folder);
 * a path that is absent (or a folder) is not in the map.
 */
export const treeEntries = (commit: string, paths: readonly string[]): GitOperation<Map<string, TreeEntry>> => ({
  name: 'ls-tree',
  args: ['ls-tree', '-z', '--full-tree', commit, '--', ...paths],
  parse: (out) => parseLsTreeZ(out.toString('utf8')),
});

/** Parses `ls-tree -z` output (`<mode> <type> <sha>\t<path>` records), keeping blobs only. */
export function parseLsTreeZ(out: string): Map<string, TreeEntry> {
  const found = new Map<string, TreeEntry>();
  for (const record of out.split('\0')) {
    const match = /^(\d{6}) blob ([0-9a-f]+)\t(.+)$/s.exec(record);
    if (match) found.set(match[3] ?? '', { mode: match[1] ?? '', sha: match[2] ?? '' });
  }
  return found;
}

const text = (out: Buffer): string => out.toString('utf8');

/** The tree object of `rev` (`<commit>^{tree}` resolved). */
export const treeOf = (rev: string): GitOperation<string> => ({
  name: 'rev-parse',
  args: ['rev-parse', `${rev}^{tree}`],
  parse: (out) => text(out).trim(),
});

/** The entries of a tree as `git ls-tree -z` prints them (`<mode> <type> <sha>\t<name>`), one level deep. */
export const listTree = (tree: string): GitOperation<string[]> => ({
  name: 'ls-tree',
  args: ['ls-tree', '-z', tree],
  parse: (out) => text(out).split('\0').filter(Boolean),
});

/** Writes a tree of `entries` (in `ls-tree` form); its object name. */
export const makeTree = (entries: readonly string[]): GitOperation<string> => ({
  name: 'mktree',
  args: ['mktree', '-z'],
  input: entries.map((entry) => `${entry}\0`).join(''),
  parse: (out) => text(out).trim(),
});

/**
 * Whether the object `rev` names exists (`cat-file -e`: exit 0 yes; 1 or 128 no).
 *
 * @example await git.exec(objectExists('HEAD:AGENTS.md')) // true
 */
export const objectExists = (rev: string): GitOperation<boolean> => ({
  name: 'cat-file',
  args: ['cat-file', '-e', rev],
  okExitCodes: [1, 128],
  parse: (_out, code) => code === 0,
});
