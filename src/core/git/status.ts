/** The work tree's state against the index and HEAD (`git status`), the truth a sync cycle starts from. */
import { parsePorcelainZ, type StatusEntry } from '../sync/status.js';
import type { GitOperation } from './operation.js';

/**
 * Every changed, staged, untracked (each file, not its folder) and unmerged path, renames as a
 * deletion and an addition; only under `paths` when given.
 */
export const workTreeStatus = (paths?: readonly string[]): GitOperation<StatusEntry[]> => ({
  name: 'status',
  args: ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames', ...(paths === undefined ? [] : ['--', ...paths])],
  parse: (out) => parsePorcelainZ(out.toString('utf8')),
});
