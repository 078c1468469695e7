import { join } from 'node:path';
import type { Files } from '../../ports/files.js';
import { refFromFiles } from '../../core/sync/ref-files.js';

/**
 * A ref read from git's files through the Files port, without running git (the sync's hot path, the
 * web room's refresh on every file event, `ois say`'s wait for its push): core/sync/ref-files.ts's
 * `refFromFiles`. A value that is not a full object name, or files that do not say (a linked work
 * tree keeps its refs in the common directory, a symbolic ref), is no answer (undefined): the caller
 * then asks git, or shows what it knows.
 *
 * @example await readRef(ports.files, repo.gitDir, 'refs/remotes/origin/main') // '3b18e512…'
 */
export function readRef(files: Files, gitDir: string, ref: string): Promise<string | undefined> {
  return refFromFiles((name) => files.readIfExists(join(gitDir, name)).catch(() => undefined), ref);
}
