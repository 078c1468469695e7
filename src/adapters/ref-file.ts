import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { headTarget, looseRef, packedRef } from '../core/sync/ref-files.js';

/**
 * The sha a ref points at, read from the files under `gitDir` (a loose ref, else `packed-refs`) without
 * running git: the git adapter's fast path, below the Files port (app/clone/ref-files.ts is the same
 * through the port). The parsers are core/sync/ref-files.ts's. Undefined when neither has it (for
 * example in a linked work tree, whose refs live in the common directory): callers then ask git.
 */
export async function readRefFile(gitDir: string, ref: string): Promise<string | undefined> {
  const loose = looseRef(await readFile(join(gitDir, ref), 'utf8').catch(() => undefined));
  if (loose) return loose;
  return packedRef(await readFile(join(gitDir, 'packed-refs'), 'utf8').catch(() => ''), ref);
}

/** The commit HEAD points at (through its branch), read from files as readRefFile does; undefined when unknown. */
export async function readHeadFile(gitDir: string): Promise<string | undefined> {
  const head = headTarget(await readFile(join(gitDir, 'HEAD'), 'utf8').catch(() => ''));
  if (head === undefined) return undefined;
  return 'sha' in head ? head.sha : readRefFile(gitDir, head.ref);
}
