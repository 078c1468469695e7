import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Git } from '../../adapters/git.js';
import { readBlobTexts } from '../../adapters/git-objects.js';
import { groupByPath, parseCheckAttrZ, parseMergeTreeZ, type ConflictStage } from '../../core/sync/merge-tree.js';
import { MERGE_DRIVER } from '../setup/clone-config.js';

const REGULAR_FILE = '100644';

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
  scratchDir: string,
  conflict: (files: string[]) => Error,
  theirsParent?: string,
): Promise<string> {
  // With the driver "failing" (`false` exits 1 at once), git lists each chat log that both sides changed
  // as conflicted with its three versions, instead of starting the driver.
  const out = await git.run(['-c', `merge.${MERGE_DRIVER}.driver=false`, 'merge-tree', '-z', '--write-tree', '--no-messages', ours, theirs]);
  const { tree, conflicts } = parseMergeTreeZ(out);
  if (conflicts.length === 0) return tree;
  const byPath = groupByPath(conflicts);
  const paths = [...byPath.keys()];
  const attrs = parseCheckAttrZ(await git.run(['check-attr', '-z', 'merge', '--', ...paths]));
  const merged: Array<{ path: string; text: string }> = [];
  const unmerged: string[] = [];
  for (const [path, stages] of byPath) {
    const text = attrs.get(path) === MERGE_DRIVER ? await mergeChatStages(git, stages, theirsParent === undefined ? undefined : `${theirsParent}:${path}`) : undefined;
    if (text === undefined) unmerged.push(path);
    else merged.push({ path, text });
  }
  if (unmerged.length > 0) throw conflict(unmerged);
  return writeTreeWith(git, tree, merged, scratchDir);
}

/**
 * The chat merge of a path's three versions, or undefined when it is not a plain two-sided edit or the
 * entries conflict. `baseName` (`<parent>:<path>`) replaces git's merge base when given.
 */
async function mergeChatStages(git: Git, stages: Partial<Record<1 | 2 | 3, ConflictStage>>, baseName?: string): Promise<string | undefined> {
  const { 1: base, 2: ours, 3: theirs } = stages;
  // Deleted or turned into a link or a folder on one side: a real conflict, as with the driver (git does not run it then).
  if (!ours || !theirs || ours.mode !== REGULAR_FILE || theirs.mode !== REGULAR_FILE) return undefined;
  const [b = '', o, t] = await readBlobTexts(git, [baseName ?? base?.sha ?? ours.sha, ours.sha, theirs.sha]);
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
  files: ReadonlyArray<{ path: string; text: string }>,
  scratchDir: string,
  blobs: ReadonlyArray<{ path: string; mode: string; sha: string }> = [],
): Promise<string> {
  const index = join(scratchDir, 'replay.index');
  // Only one cycle runs per clone (it holds the clone's lock): a leftover from a crash can go.
  await Promise.all([rm(index, { force: true }), rm(`${index}.lock`, { force: true })]);
  const env = { GIT_INDEX_FILE: index };
  try {
    await git.run(['read-tree', tree], { env });
    for (const file of files) {
      // --no-filters: the merged text goes into the tree as the driver's output would, unconverted.
      const sha = (await git.runWithInput(['hash-object', '-w', '--no-filters', '--stdin'], file.text)).toString('utf8').trim();
      await git.run(['update-index', '--add', '--cacheinfo', `${REGULAR_FILE},${sha},${file.path}`], { env });
    }
    for (const blob of blobs) await git.run(['update-index', '--add', '--cacheinfo', `${blob.mode},${blob.sha},${blob.path}`], { env });
    return (await git.run(['write-tree'], { env })).trim();
  } finally {
    await rm(index, { force: true });
  }
}
