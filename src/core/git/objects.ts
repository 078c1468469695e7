/**
 * The git operations on objects that build a commit without a checkout or the clone's index (the
 * join branch's commit, setup/join-commit.ts) and read blobs in one process: hash a blob, list and
 * make a tree, write a commit, read `rev:path` texts. Pure data (core/git/operation.ts).
 */
import { parseCatFileBatch } from '../sync/cat-file.js';
import type { GitOperation } from './operation.js';

const text = (out: Buffer): string => out.toString('utf8');

/** Writes `content` as a blob; its object name. */
export const writeBlob = (content: string): GitOperation<string> => ({
  name: 'hash-object',
  args: ['hash-object', '-w', '--stdin'],
  input: content,
  parse: (out) => text(out).trim(),
});

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

/** Writes a commit of `tree` with `parents` and `message`; `env` carries the author and committer. */
export const commitTree = (tree: string, parents: readonly string[], message: string, env: Readonly<Record<string, string>>): GitOperation<string> => ({
  name: 'commit-tree',
  args: ['commit-tree', tree, ...parents.flatMap((parent) => ['-p', parent]), '-m', message],
  env,
  parse: (out) => text(out).trim(),
});

/**
 * The texts of `rev:path` blobs (or any object names), in one `git cat-file --batch`; undefined for
 * what does not exist or is not a blob.
 */
export const readBlobs = (specs: readonly string[]): GitOperation<Array<string | undefined>> => ({
  name: 'cat-file',
  args: ['cat-file', '--batch'],
  input: specs.map((spec) => `${spec}\n`).join(''),
  parse: (out) => parseCatFileBatch(out, specs.length).map((object) => (object?.type === 'blob' ? object.content.toString('utf8') : undefined)),
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
