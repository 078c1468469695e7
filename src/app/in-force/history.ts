import { pathCommits } from '../../core/git/history.js';
import { objectInfo, type ObjectInfo } from '../../core/git/objects.js';
import type { Git } from '../../ports/index.js';

/** One commit that changed a file, and the file as that commit left it. */
export interface FileVersion {
  commit: string;
  /** `Name <email>` of the commit's author. */
  author: string;
  /** The file's blob there; undefined when the commit deleted it (or turned it into something else). */
  object?: ObjectInfo;
}

/** How far back a last valid version is looked for. */
export const MAX_VERSIONS = 50;

/**
 * The commits reachable from `rev` that changed `path`, newest first (at most `max`), each with the
 * file's object there: one `git log`, one `git cat-file --batch-check`. Empty on an unborn branch.
 *
 * @example const versions = await fileHistory(repo.git, 'HEAD', 'AGENTS.md')
 */
export async function fileHistory(git: Git, rev: string, path: string, max = MAX_VERSIONS): Promise<FileVersion[]> {
  const rows = await git.exec(pathCommits(rev, path, max)).catch(() => []);
  if (rows.length === 0) return [];
  const objects = await git.exec(objectInfo(rows.map((row) => `${row.commit}:${path}`)));
  return rows.map((row, i) => {
    const object = objects[i];
    return object === undefined || object.type !== 'blob' ? row : { ...row, object };
  });
}
