import type { Git } from '../../ports/git.js';
import type { Files } from '../../ports/files.js';
import { join } from 'node:path';
import { isAncestor as isAncestorOp, resolveCommit } from '../../core/git/refs.js';
import { headTarget, looseRef, packedRef } from '../../core/sync/ref-files.js';

/**
 * Resolving refs for the sync: through git, or (fast) from git's files. Guarantees: a ref read from
 * a file is a full object name or no answer; when the files do not say (a linked work tree, a
 * symbolic ref), git is asked, so the answer is always git's.
 */

/** Whether `ancestor` is reachable from `descendant`. */
export async function isAncestor(git: Git, ancestor: string, descendant: string): Promise<boolean> {
  try {
    return await git.exec(isAncestorOp(ancestor, descendant));
  } catch {
    return false;
  }
}

/** The commit a ref points at, or undefined. */
export async function resolveRef(git: Git, ref: string): Promise<string | undefined> {
  return git.exec(resolveCommit(ref));
}

/**
 * Like resolveRef, reading the ref's file when `files` is given (no git process); asks git otherwise.
 * `ref` is `HEAD` or a full ref name.
 */
export async function resolveRefFast(git: Git, gitDir: string, ref: string, files?: Files): Promise<string | undefined> {
  const fromFile = files ? await readRef(files, gitDir, ref) : undefined;
  return fromFile ?? resolveRef(git, ref);
}

/** `ref` (or HEAD) read from the files under `gitDir`; undefined when they do not say. */
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
