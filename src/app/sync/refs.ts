import type { Git } from '../../adapters/git.js';
import { readHeadFile, readRefFile } from '../../adapters/ref-file.js';

/** Whether `ancestor` is reachable from `descendant`. */
export async function isAncestor(git: Git, ancestor: string, descendant: string): Promise<boolean> {
  try {
    return (await git.run(['merge-base', ancestor, descendant])).trim() === ancestor;
  } catch {
    return false;
  }
}

/** The commit a ref points at, or undefined. */
export async function resolveRef(git: Git, ref: string): Promise<string | undefined> {
  const sha = (await git.run(['rev-parse', '--verify', '-q', `${ref}^{commit}`])).trim();
  return sha || undefined;
}

/**
 * Like resolveRef, reading the ref's file when it can (no git process: a few ms saved on every
 * cycle); asks git otherwise. `ref` is `HEAD` or a full ref name.
 */
export async function resolveRefFast(git: Git, gitDir: string, ref: string): Promise<string | undefined> {
  const fromFile = ref === 'HEAD' ? await readHeadFile(gitDir) : await readRefFile(gitDir, ref);
  return fromFile ?? resolveRef(git, ref);
}
