import { join } from 'node:path';
import type { Files } from '../../ports/files.js';
import { headTarget, looseRef, packedRef } from '../../core/sync/ref-files.js';

/**
 * A ref read from git's files through the Files port, without running git (the sync's hot path, the
 * web room's refresh on every file event, `ois say`'s wait for its push). The parsers are
 * core/sync/ref-files.ts's. A value that is not a full object name, or files that do not say (a
 * linked work tree keeps its refs in the common directory, a symbolic ref), is no answer
 * (undefined): the caller then asks git, or shows what it knows.
 *
 * @example await readRef(ports.files, repo.gitDir, 'refs/remotes/origin/main') // '3b18e512…'
 */
export async function readRef(files: Files, gitDir: string, ref: string): Promise<string | undefined> {
  if (ref !== 'HEAD') return readNamedRef(files, gitDir, ref);
  const head = headTarget((await files.readIfExists(join(gitDir, 'HEAD')).catch(() => undefined)) ?? '');
  if (head === undefined) return undefined;
  return 'sha' in head ? head.sha : readNamedRef(files, gitDir, head.ref);
}

async function readNamedRef(files: Files, gitDir: string, ref: string): Promise<string | undefined> {
  const loose = looseRef(await files.readIfExists(join(gitDir, ref)).catch(() => undefined));
  if (loose) return loose;
  return packedRef((await files.readIfExists(join(gitDir, 'packed-refs')).catch(() => undefined)) ?? '', ref);
}
