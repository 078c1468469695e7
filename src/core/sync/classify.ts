/** How the local branch relates to the remote one, from git's counts (pure). */
export type Relation = 'equal' | 'ahead' | 'behind' | 'diverged' | 'no-remote-branch';

/**
 * Classifies from `git rev-list --left-right --count HEAD...origin/BRANCH` counts.
 * @example classify({ ahead: 2, behind: 0 }) // 'ahead'
 */
export function classify(counts: { ahead: number; behind: number } | null): Relation {
  if (counts === null) return 'no-remote-branch';
  if (counts.ahead === 0 && counts.behind === 0) return 'equal';
  if (counts.behind === 0) return 'ahead';
  if (counts.ahead === 0) return 'behind';
  return 'diverged';
}
