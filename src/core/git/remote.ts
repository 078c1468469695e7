import { isObjectId, type GitOperation } from './operation.js';

/**
 * Operations that talk to a remote (fetch, push, ls-remote) and the ones that compare a branch with
 * its remote-tracking ref. Pure data (core/git/operation.ts). None of them ever forces: a push is
 * always a fast-forward or a rejection.
 */

const text = (out: Buffer): string => out.toString('utf8');

/**
 * Pushes `commit` to the remote's branch, never forcing (a push that would lose commits is rejected).
 * Not `--porcelain`: that prints the rejection on stdout, and a failed operation's error carries stderr.
 */
export const pushCommit = (remote: string, commit: string, branch: string): GitOperation<void> => ({
  name: 'push',
  args: ['push', '--quiet', remote, `${commit}:refs/heads/${branch}`],
  parse: () => undefined,
});

/** The commit the remote's branch points at (undefined when the remote has no such branch), without fetching. */
export const remoteBranchHead = (remote: string, branch: string): GitOperation<string | undefined> => ({
  name: 'ls-remote',
  args: ['ls-remote', remote, `refs/heads/${branch}`],
  parse: (out) => parseLsRemote(text(out)),
});

/** The first object name of `git ls-remote` output. @example parseLsRemote('ab12\trefs/heads/main\n') // 'ab12' */
export function parseLsRemote(output: string): string | undefined {
  return output.trim().split(/\s+/)[0] || undefined;
}

/** Commits only on `left` and only on `right` (`rev-list --left-right --count left...right`). */
export const leftRightCounts = (left: string, right: string): GitOperation<{ ahead: number; behind: number }> => ({
  name: 'rev-list',
  args: ['rev-list', '--left-right', '--count', `${left}...${right}`],
  settled: isObjectId(left) && isObjectId(right),
  parse: (out) => parseLeftRight(text(out)),
});

/** Parses `A\tB` as printed by `rev-list --left-right --count`. @example parseLeftRight('2\t0\n') // { ahead: 2, behind: 0 } */
export function parseLeftRight(output: string): { ahead: number; behind: number } {
  const [left, right] = output.trim().split(/\s+/);
  return { ahead: Number(left ?? 0) || 0, behind: Number(right ?? 0) || 0 };
}

/** An unborn branch takes the remote's history (`checkout -B`); git refuses to overwrite local files. */
export const checkoutRemoteBranch = (branch: string, trackingRef: string): GitOperation<void> => ({
  name: 'checkout',
  args: ['checkout', '-q', '-B', branch, trackingRef],
  parse: () => undefined,
});
