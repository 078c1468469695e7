import { stagedPaths } from '../../core/git/index-file.js';
import { readBlobs } from '../../core/git/objects.js';
import type { Git } from '../../ports/index.js';

export interface StagedFile {
  path: string;
  text: string;
}

/** Staged (index) contents of the added or modified paths that `wanted` selects. */
export async function stagedFiles(git: Git, wanted: (path: string) => boolean): Promise<StagedFile[]> {
  const names = (await git.exec(stagedPaths())).filter(wanted);
  if (names.length === 0) return [];
  const texts = await git.exec(readBlobs(names.map((path) => `:${path}`)));
  return names.map((path, i) => ({ path, text: texts[i] ?? '' }));
}
