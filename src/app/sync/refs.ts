import type { Git } from '../../ports/git.js';
import type { Files } from '../../ports/files.js';
import { resolveCommit } from '../../core/git/refs.js';
import { readRef } from '../clone/ref-files.js';

/**
 * Resolving refs for the sync: through git, or (fast) from git's files. Guarantees: a ref read from
 * a file is a full object name or no answer; when the files do not say (a linked work tree, a
 * symbolic ref), git is asked, so the answer is always git's.
 */

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
