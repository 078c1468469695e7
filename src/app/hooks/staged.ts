/** What a pre-commit hook checks: the staged text of the files a commit adds or changes, read from the index. */
import { stagedEntries, stagedPaths } from '../../core/git/index-file.js';
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
  // Read by blob id, never by `:path`: cat-file --batch takes one name a line, and a path may hold one.
  const blobs = new Map((await git.exec(stagedEntries())).filter((entry) => entry.stage === 0).map((entry) => [entry.path, entry.sha]));
  const found = names.flatMap((path) => {
    const sha = blobs.get(path);
    return sha === undefined ? [] : [{ path, sha }];
  });
  const texts = found.length === 0 ? [] : await git.exec(readBlobs(found.map((file) => file.sha)));
  return found.map((file, i) => ({ path: file.path, text: texts[i] ?? '' }));
}
