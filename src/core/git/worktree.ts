/** Moving the work tree: from one commit's tree to another's, or onto a branch (`checkout`). */
import type { GitOperation } from './operation.js';

/**
 * Updates the index and the work tree from commit `from`'s tree to `to`'s (`read-tree -m -u`): files
 * the move does not change keep their local edits; git refuses (changing nothing) when a locally
 * edited file would be overwritten. The branch does not move.
 */
export const moveTree = (from: string, to: string): GitOperation<void> => ({
  name: 'read-tree',
  args: ['read-tree', '-m', '-u', from, to],
  parse: () => undefined,
});

/** Checks out `branch`; with `at`, the branch is first made to point there (`checkout -B`). */
export const checkoutBranch = (branch: string, options: { at?: string } = {}): GitOperation<void> => ({
  name: 'checkout',
  args: ['checkout', '-q', ...(options.at === undefined ? [branch] : ['-B', branch, options.at])],
  parse: () => undefined,
});

/**
 * The paths under `dirs` whose content `to` changes from `from` (both have them: `diff-tree -r
 * --diff-filter=M`), renames not followed.
 */
export const modifiedPaths = (from: string, to: string, dirs: readonly string[]): GitOperation<string[]> => ({
  name: 'diff-tree',
  args: ['diff-tree', '-r', '-z', '--no-renames', '--diff-filter=M', '--name-only', from, to, '--', ...dirs],
  parse: (out) => out.toString('utf8').split('\0').filter((path) => path !== ''),
});
