import type { Git } from '../../adapters/git.js';

export interface StagedFile {
  path: string;
  text: string;
}

/** Staged (index) contents of the added or modified paths that `wanted` selects. */
export async function stagedFiles(git: Git, wanted: (path: string) => boolean): Promise<StagedFile[]> {
  const names = (await git.run(['diff', '--cached', '--name-only', '-z', '--diff-filter=ACMR']))
    .split('\0')
    .filter((path) => path && wanted(path));
  return Promise.all(names.map(async (path) => ({ path, text: await git.run(['show', `:${path}`]) })));
}
