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
