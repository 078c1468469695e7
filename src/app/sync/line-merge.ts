import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Git } from '../../adapters/git.js';
import { readBlobTexts } from '../../adapters/git-objects.js';
import { GitCommandError } from '../../adapters/git.js';
import type { ConflictStage } from '../../core/sync/merge-tree.js';

const FILE_MODES = new Set(['100644', '100755']);

/**
 * git's own line merge (`git merge-file`) of a conflicted path's three versions, for a path that is not
 * a chat log but was sent to the chat driver by `.gitattributes` (git was told the driver failed).
 * The merged text and the file's mode when it merges cleanly; undefined when the lines conflict, a side
 * deleted it or it is not a plain file on both sides (a real conflict, as git would report).
 *
 * @example await lineMergeStages(git, { 1: base, 2: ours, 3: theirs }, repo.stateDir) // { text: '…', mode: '100644' }
 */
export async function lineMergeStages(git: Git, stages: Partial<Record<1 | 2 | 3, ConflictStage>>, scratchDir: string): Promise<{ text: string; mode: string } | undefined> {
  const { 1: base, 2: ours, 3: theirs } = stages;
  if (!ours || !theirs || !FILE_MODES.has(ours.mode) || ours.mode !== theirs.mode) return undefined;
  const [b = '', o, t] = await readBlobTexts(git, [base?.sha ?? ours.sha, ours.sha, theirs.sha]);
  if (o === undefined || t === undefined) return undefined;
  // Binary or not UTF-8 (a lossy read): git's text merge would not take it either; a real conflict.
  if ([b, o, t].some((text) => text.includes('\u0000') || text.includes('\ufffd'))) return undefined;
  const files = ['ours', 'base', 'theirs'].map((name) => join(scratchDir, `line-merge.${name}`));
  try {
    await Promise.all([writeFile(files[0] ?? '', o), writeFile(files[1] ?? '', base ? b : ''), writeFile(files[2] ?? '', t)]);
    const text = await git.run(['merge-file', '-p', '-q', '--', ...files]);
    return { text, mode: ours.mode };
  } catch (error) {
    if (error instanceof GitCommandError) return undefined; // conflicts (exit = their count) or binary
    throw error;
  } finally {
    await Promise.all(files.map((file) => rm(file, { force: true })));
  }
}
