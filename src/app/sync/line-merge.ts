import { join } from 'node:path';
import { GitCommandError } from '../../core/git/error.js';
import { mergeFile } from '../../core/git/merge.js';
import { readBlobs } from '../../core/git/objects.js';
import type { ConflictStage } from '../../core/sync/merge-tree.js';
import type { Git } from '../../ports/index.js';
import type { Scratch } from './merge-trees.js';

const FILE_MODES = new Set(['100644', '100755']);

/**
 * git's own line merge (`git merge-file`) of a conflicted path's three versions, for a path that is not
 * a chat log but was sent to the chat driver by `.gitattributes` (git was told the driver failed).
 * The merged text and the file's mode when it merges cleanly; undefined when the lines conflict, a side
 * deleted it or it is not a plain file on both sides (a real conflict, as git would report).
 *
 * @example await lineMergeStages(git, { 1: base, 2: ours, 3: theirs }, scratchOf(repo)) // { text: '…', mode: '100644' }
 */
export async function lineMergeStages(git: Git, stages: Partial<Record<1 | 2 | 3, ConflictStage>>, scratch: Scratch): Promise<{ text: string; mode: string } | undefined> {
  const { 1: base, 2: ours, 3: theirs } = stages;
  if (!ours || !theirs || !FILE_MODES.has(ours.mode) || ours.mode !== theirs.mode) return undefined;
  const [b = '', o, t] = await git.exec(readBlobs([base?.sha ?? ours.sha, ours.sha, theirs.sha]));
  if (o === undefined || t === undefined) return undefined;
  // Binary or not UTF-8 (a lossy read): git's text merge would not take it either; a real conflict.
  if ([b, o, t].some((text) => text.includes('\u0000') || text.includes('\ufffd'))) return undefined;
  const [oursFile, baseFile, theirsFile] = ['ours', 'base', 'theirs'].map((name) => join(scratch.dir, `line-merge.${name}`)) as [string, string, string];
  const { files } = scratch;
  try {
    await Promise.all([files.writeText(oursFile, o), files.writeText(baseFile, base ? b : ''), files.writeText(theirsFile, t)]);
    const merged = await git.exec(mergeFile({ ours: oursFile, base: baseFile, theirs: theirsFile }, { print: true }));
    // Lines changed differently on both sides: a real conflict (never a text with conflict markers).
    return merged.conflicts === 0 ? { text: merged.text, mode: ours.mode } : undefined;
  } catch (error) {
    if (error instanceof GitCommandError) return undefined; // binary, or git could not merge at all
    throw error;
  } finally {
    await Promise.all([oursFile, baseFile, theirsFile].map((file) => files.remove(file)));
  }
}
