/**
 * Making commits: from the index (`git commit`, hooks skipped: ois's own gate runs instead) or from a
 * tree and its parents (`commit-tree`, which touches neither the index nor the work tree). The author
 * and committer come from `env` (core/identity.ts `identityEnv`), never from the user's config.
 */
import type { GitOperation } from './operation.js';

/** Commits the index with `message`; no hooks (`--no-verify`). */
export const commitIndex = (message: string, env: Readonly<Record<string, string>>): GitOperation<void> => ({
  name: 'commit',
  args: ['commit', '--no-verify', '-q', '-m', message],
  env,
  parse: () => undefined,
});

/** A commit of `tree` on `parents` (none: a root commit); returns its id. */
export const commitTree = (tree: string, parents: readonly string[], message: string, env: Readonly<Record<string, string>>): GitOperation<string> => ({
  name: 'commit-tree',
  args: ['commit-tree', tree, ...parents.flatMap((parent) => ['-p', parent]), '-m', message],
  env,
  parse: (out) => out.toString('utf8').trim(),
});
