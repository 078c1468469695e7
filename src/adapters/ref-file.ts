import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { refFromFiles } from '../core/sync/ref-files.js';

/**
 * The sha a ref (or `HEAD`, through its branch) points at, read from the files under `gitDir` (a loose
 * ref, else `packed-refs`) without running git: the git adapter's fast path, below the Files port
 * (app/clone/ref-files.ts is the same through the port; both are core/sync/ref-files.ts's
 * `refFromFiles`). Undefined when the files do not say (for example in a linked work tree, whose refs
 * live in the common directory): callers then ask git.
 */
export function readRefFile(gitDir: string, ref: string): Promise<string | undefined> {
  return refFromFiles((name) => readFile(join(gitDir, name), 'utf8').catch(() => undefined), ref);
}

/** The commit HEAD points at (through its branch), read from files as readRefFile does; undefined when unknown. */
export function readHeadFile(gitDir: string): Promise<string | undefined> {
  return readRefFile(gitDir, 'HEAD');
}
