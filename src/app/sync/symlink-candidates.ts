import type { Candidate } from '../../core/sync/filter.js';
import type { Repo } from '../clone/repo.js';
import { trackedSymlinks } from '../safety/symlinks.js';

/**
 * Marks the candidates that would be committed as symbolic links: a link in the working tree (found by
 * the commit step's lstat), or a tracked path git records as a link. With `core.symlinks=false` such a
 * path is a plain file holding the link's text, and `git add` keeps it a link: an edit there would
 * commit a link to whatever the file now says.
 *
 * @example await markSymlinks(repo, candidates, [{ path: 'shared/ssh', modified: true }])
 */
export async function markSymlinks(repo: Pick<Repo, 'git'>, candidates: Candidate[], tracked: readonly string[]): Promise<Candidate[]> {
  const links = new Set(await trackedSymlinks(repo.git, tracked));
  return candidates.map((c) => (links.has(c.path) && !c.deleted ? { ...c, symlink: true } : c));
}
