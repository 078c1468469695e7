/** One path that `git status --porcelain=v1 -z` reports. */
export interface StatusEntry {
  /** Path relative to the repository top, with `/` separators. */
  path: string;
  /** For renames: the old path. */
  from?: string;
  /** Index (staged) state letter, `?` for untracked. */
  index: string;
  /** Work-tree state letter, `?` for untracked. */
  worktree: string;
}

/**
 * Parses `git status --porcelain=v1 -z` output.
 * @example parsePorcelainZ('?? chat/a.md\0 M AGENTS.md\0') // [{path:'chat/a.md',index:'?',worktree:'?'}, ...]
 */
export function parsePorcelainZ(output: string): StatusEntry[] {
  const parts = output.split('\0');
  const entries: StatusEntry[] = [];
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i];
    if (!part || part.length < 4) continue;
    const index = part[0] ?? ' ';
    const worktree = part[1] ?? ' ';
    const path = part.slice(3);
    if (index === 'R' || index === 'C') {
      const from = parts[i + 1] ?? '';
      i += 1;
      entries.push({ path, from, index, worktree });
    } else {
      entries.push({ path, index, worktree });
    }
  }
  return entries;
}

/** Unmerged states (both sides touched the path and git could not merge it). */
export function isUnmerged(entry: StatusEntry): boolean {
  const pair = `${entry.index}${entry.worktree}`;
  return ['DD', 'AU', 'UD', 'UA', 'DU', 'AA', 'UU'].includes(pair);
}

/** Whether the path is deleted in the work tree or the index. */
export function isDeletion(entry: StatusEntry): boolean {
  return entry.worktree === 'D' || (entry.index === 'D' && entry.worktree === ' ');
}
