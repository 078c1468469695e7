import type { Git } from '../../adapters/git.js';

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
