import type { Git } from '../../adapters/git.js';
import { readObjectInfo, type ObjectInfo } from '../../adapters/git-objects.js';

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
  let out: string;
  try {
    out = await git.run(['log', `--max-count=${max}`, '--format=%H%x1f%an <%ae>', rev, '--', path]);
  } catch {
    return [];
  }
  const rows = out
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [commit = '', author = ''] = line.split('\x1f');
      return { commit, author };
    });
  const objects = await readObjectInfo(git, rows.map((row) => `${row.commit}:${path}`));
  return rows.map((row, i) => {
    const object = objects[i];
    return object === undefined || object.type !== 'blob' ? row : { ...row, object };
  });
}
