import { join } from 'node:path';
import { OisError } from '../../core/errors.js';
import { GitCommandError } from '../../ports/git.js';
import { readTree, setIndexEntries, writeTree } from '../../core/git/index-file.js';
import { checkAttr, mergeTree } from '../../core/git/merge.js';
import { readBlobs, writeBlob } from '../../core/git/objects.js';
import { groupByPath, type ConflictStage } from '../../core/sync/merge-tree.js';
import type { Files, Git } from '../../ports/index.js';
import { isChatLog } from '../../core/sync/message.js';
import { MERGE_DRIVER } from '../setup/clone-config.js';
import { lineMergeStages } from './line-merge.js';

const REGULAR_FILE = '100644';

/**
 * Where a merge may keep its temporary files (a temporary index, the three sides of a line merge):
 * the clone's `.git/ois`, which only the cycle holding the clone's lock writes to.
 */
export interface Scratch {
  dir: string;
  files: Files;
}

/** The scratch space of a clone: its state folder, through its files port. */
export const scratchOf = (repo: { stateDir: string; ports: { files: Files } }): Scratch => ({ dir: repo.stateDir, files: repo.ports.files });

/**
 * Merges commit `theirs` (a local commit being replayed) into `ours` (the upstream side, both
 * commit-ish) with `git merge-tree --write-tree`, merging chat logs in process (see replayOnto): the
 * prefix merge onto `ours`, with `theirsParent`'s version as the base when given (git 2.39's merge-tree
 * can only use the fork point). Returns the merged tree; calls `conflict` with the paths git or the
 * chat merge could not merge, and throws what it returns.
 */
export async function mergeTrees(
  git: Git,
  ours: string,
  theirs: string,
  scratch: Scratch,
  conflict: (files: string[]) => Error,
  theirsParent?: string,
): Promise<string> {
  // With the driver "failing" (`false` exits 1 at once), git lists each chat log that both sides changed
  // as conflicted with its three versions, instead of starting the driver.
  const { tree, conflicts } = await git.exec(mergeTree(ours, theirs, { failDriver: MERGE_DRIVER })).catch((error: unknown) => {
    throw tooOld(error) ?? error;
  });
  if (conflicts.length === 0) return tree;
  const byPath = groupByPath(conflicts);
  const paths = [...byPath.keys()];
  const attrs = await git.exec(checkAttr('merge', paths));
  const merged: Array<{ path: string; text: string; mode?: string }> = [];
  const unmerged: string[] = [];
  for (const [path, stages] of byPath) {
    // The chat merge only ever merges chat logs, whatever .gitattributes says: another path that a pushed
    // `.gitattributes` sends to the driver gets git's own line merge, as without the attribute.
    const attr = attrs.get(path) === MERGE_DRIVER;
    const result = !attr
      ? undefined
      : isChatLog(path)
        ? await mergeChatStages(git, stages, theirsParent === undefined ? undefined : `${theirsParent}:${path}`)
        : await lineMergeStages(git, stages, scratch);
    if (result === undefined) unmerged.push(path);
    else merged.push(typeof result === 'string' ? { path, text: result } : { path, ...result });
  }
  if (unmerged.length > 0) throw conflict(unmerged);
  return writeTreeWith(git, tree, merged, scratch);
}

/** git before 2.38 answers `merge-tree --write-tree` with its usage (exit 129): say so, instead of a git error. */
function tooOld(error: unknown): OisError | undefined {
  if (!(error instanceof GitCommandError) || error.exitCode !== 129) return undefined;
  return new OisError('GIT_TOO_OLD', 'this git is too old for ois: bringing the remote\'s commits in needs `git merge-tree --write-tree` (git 2.38 or newer); your commits are kept', {
    hint: 'Install git 2.38 or newer (`git --version` shows yours; `ois doctor` checks it), then run `ois sync`.',
  });
}

/**
 * The chat merge of a path's three versions, or undefined when it is not a plain two-sided edit or the
 * entries conflict. `baseName` (`<parent>:<path>`) replaces git's merge base when given.
 */
async function mergeChatStages(git: Git, stages: Partial<Record<1 | 2 | 3, ConflictStage>>, baseName?: string): Promise<string | undefined> {
  const { 1: base, 2: ours, 3: theirs } = stages;
  // Deleted or turned into a link or a folder on one side: a real conflict, as with the driver (git does not run it then).
  if (!ours || !theirs || ours.mode !== REGULAR_FILE || theirs.mode !== REGULAR_FILE) return undefined;
  const [b = '', o, t] = await git.exec(readBlobs([baseName ?? base?.sha ?? ours.sha, ours.sha, theirs.sha]));
  if (o === undefined || t === undefined) return undefined;
  // The chat parser (remark) is loaded on the first merge only.
  const { mergeOntoRemote } = await import('../../core/chatlog/merge-onto.js');
  const result = mergeOntoRemote(baseName !== undefined || base ? b : '', o, t);
  return result.conflicts === 0 ? result.text : undefined;
}

/**
 * `tree` with the given files replaced (texts, and `blobs` already in the object store), built in a
 * temporary index (the clone's own index is not touched).
 */
export async function writeTreeWith(
  git: Git,
  tree: string,
  files: ReadonlyArray<{ path: string; text: string; mode?: string }>,
  scratch: Scratch,
  blobs: ReadonlyArray<{ path: string; mode: string; sha: string }> = [],
): Promise<string> {
  const index = join(scratch.dir, 'replay.index');
  // Only one cycle runs per clone (it holds the clone's lock): a leftover from a crash can go.
  await Promise.all([scratch.files.remove(index), scratch.files.remove(`${index}.lock`)]);
  try {
    await git.exec(readTree(tree, { index }));
    const entries: Array<[string, { mode: string; sha: string }]> = [];
    // No filters: the merged text goes into the tree as the driver's output would, unconverted.
    for (const file of files) entries.push([file.path, { mode: file.mode ?? REGULAR_FILE, sha: await git.exec(writeBlob(file.text)) }]);
    for (const blob of blobs) entries.push([blob.path, { mode: blob.mode, sha: blob.sha }]);
    if (entries.length > 0) await git.exec(setIndexEntries(entries, { index, add: true }));
    return await git.exec(writeTree({ index }));
  } finally {
    await scratch.files.remove(index);
  }
}
