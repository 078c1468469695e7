import { join } from 'node:path';
import { configSet } from '../../core/git/config.js';
import { refreshIndex, stagedEntries } from '../../core/git/index-file.js';
import type { Files, Git } from '../../ports/index.js';

/** git's mode of a symbolic link in a tree or the index. */
export const LINK_MODE = '120000';

/**
 * Tracked paths that git records as symbolic links (mode 120000), from the index; only among `paths`
 * when given. With `core.symlinks=false` they are plain files in the working tree, so the index is
 * the only place they show.
 *
 * @example await trackedSymlinks(repo.git) // ['shared/ssh']
 */
export async function trackedSymlinks(git: Git, paths?: readonly string[]): Promise<string[]> {
  if (paths !== undefined && paths.length === 0) return [];
  // Many paths: list the whole index rather than pass an argument list the OS may refuse.
  const few = paths !== undefined && paths.length <= 500;
  const links = (await git.exec(stagedEntries(few ? paths : undefined))).filter((entry) => entry.mode === LINK_MODE).map((entry) => entry.path);
  if (paths === undefined || few) return links;
  const wanted = new Set(paths);
  return links.filter((path) => wanted.has(path));
}

/**
 * Makes sure no tracked symbolic link is ever materialised in this clone: sets `core.symlinks=false`
 * (git then checks a link out as a small plain file holding the link's text), and repairs a checkout
 * made before: a tracked link found as a real link in the working tree is replaced by that same plain
 * file, so nothing is lost (the link's text is what git stores) and nothing points out of the clone.
 * Returns the paths repaired. Untracked links are left alone (ois neither commits nor follows them).
 *
 * @example await ensureNoSymlinkCheckout(repo.git, repo.ports.files, repo.top) // ['shared/ssh']
 */
export async function ensureNoSymlinkCheckout(git: Git, files: Files, top: string): Promise<string[]> {
  await git.exec(configSet('core.symlinks', 'false'));
  const repaired: string[] = [];
  for (const path of await trackedSymlinks(git).catch(() => [])) {
    const abs = join(top, ...path.split('/'));
    const info = await files.stat(abs).catch(() => undefined);
    if (info?.kind !== 'symlink') continue;
    const target = await files.readLink(abs);
    if (target === undefined) continue;
    // A temp file beside it renamed over the link: replaces the link itself, never what it points to.
    await files.writeAtomic(abs, target);
    repaired.push(path);
  }
  // The index still holds the links' stat data: let git see that the plain files match what it stores.
  if (repaired.length > 0) await git.exec(refreshIndex()).catch(() => undefined);
  return repaired;
}
