/** How the local branch relates to the remote one. */
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

/** Parses `A\tB` as printed by `rev-list --left-right --count`. */
export function parseLeftRight(output: string): { ahead: number; behind: number } {
  const [left, right] = output.trim().split(/\s+/);
  return { ahead: Number(left ?? 0) || 0, behind: Number(right ?? 0) || 0 };
}

/** What a failed remote operation means, from git's stderr (run with LC_ALL=C). */
export type RemoteFailure = 'rejected' | 'unreachable' | 'auth' | 'no-such-repo' | 'other';

const PATTERNS: ReadonlyArray<[RemoteFailure, RegExp]> = [
  ['rejected', /\[rejected\]|non-fast-forward|fetch first|failed to update ref|cannot lock ref|stale info|\[remote rejected\].*(?:lock|failed to update)/i],
  ['auth', /permission denied \(publickey|authentication failed|could not read username|invalid username or password|HTTP (?:Basic: )?Access denied|401 Unauthorized|403 Forbidden|The requested URL returned error: 40[13]|Host key verification failed/i],
  ['no-such-repo', /does not appear to be a git repository|repository .* not found|not found: did you run git update-server-info|No such file or directory.*\n?.*fatal: Could not read from remote/i],
  ['unreachable', /could not resolve host|connection refused|connection timed out|operation timed out|network is unreachable|no route to host|could not read from remote repository|unable to access|failed to connect|connection reset|the remote end hung up|early EOF|unable to connect|timed out|Broken pipe|unable to look up/i],
];

/** @example classifyRemoteFailure('fatal: unable to connect to 127.0.0.1:\n...Connection refused') // 'unreachable' */
export function classifyRemoteFailure(stderr: string): RemoteFailure {
  for (const [kind, pattern] of PATTERNS) if (pattern.test(stderr)) return kind;
  return 'other';
}
