import type { GitOperation } from '../git/operation.js';
import { parseLocalCommits, type LocalCommit } from './commits.js';

/**
 * The git operations of a replay (app/sync/replay.ts): reading the local commits to replay, the
 * upstream's commit and tree, writing each replayed commit, and moving the work tree. Pure data
 * (core/git/operation.ts); none of them touches a branch except {@link moveBranch}, which only moves
 * it when it still points where the caller last saw it.
 */

const text = (out: Buffer): string => out.toString('utf8');

/** The commits of `head` not on `upstream`, oldest first, first-parent, with what `commit-tree` needs to keep them as they were. */
export const localCommits = (upstream: string, head: string): GitOperation<LocalCommit[]> => ({
  name: 'log',
  args: ['log', '-z', '--reverse', '--first-parent', '--date=raw', '--format=%H%x1f%P%x1f%an%x1f%ae%x1f%ad%x1f%B', `${upstream}..${head}`],
  parse: (out) => parseLocalCommits(text(out)),
});

/** A commit's object name and its tree's. */
export const commitAndTree = (rev: string): GitOperation<{ commit: string; tree: string }> => ({
  name: 'rev-parse',
  args: ['rev-parse', `${rev}^{commit}`, `${rev}^{tree}`],
  parse: (out) => {
    const [commit = '', tree = ''] = text(out).trim().split('\n');
    return { commit, tree };
  },
});

/** Writes a commit of `tree` on `parent` (author and committer from `env`), returns its name. */
export const commitTree = (tree: string, parent: string, message: string, env: Readonly<Record<string, string>>): GitOperation<string> => ({
  name: 'commit-tree',
  args: ['commit-tree', tree, '-p', parent, '-m', message],
  env,
  parse: (out) => text(out).trim(),
});

/** Updates the index and work tree from `from`'s tree to `to`'s, refusing (changing nothing) when a local edit would be overwritten. */
export const readTreeMove = (from: string, to: string): GitOperation<void> => ({
  name: 'read-tree',
  args: ['read-tree', '-m', '-u', from, to],
  parse: () => undefined,
});

/** Moves `refs/heads/<branch>` from `from` to `to`, only if it still points at `from`. */
export const moveBranch = (branch: string, from: string, to: string): GitOperation<void> => ({
  name: 'update-ref',
  args: ['update-ref', '-m', 'ois: sync', `refs/heads/${branch}`, to, from],
  parse: () => undefined,
});
