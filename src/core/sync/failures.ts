import { OisError } from '../errors.js';
import { classifyFailure } from '../failure.js';
import { GitCommandError } from '../git/error.js';
import { redactUrls } from '../redact.js';

/**
 * What a failed git command of the sync means, from git's stderr (run with LC_ALL=C): the one place
 * the sync reads git's messages. Pure. Guarantees: every failure maps to a typed OisError that says
 * what happened and what to do (local commits are always kept); no message carries a URL's
 * credentials (redactUrls); a machine failure (full disk, read-only, corrupt repository) keeps its
 * own code (core/failure.ts) whatever git was doing.
 */

/** What a failed remote operation means. */
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

/** A fetch of a branch the remote does not have (a team repository nobody pushed to yet). */
export function isMissingRemoteBranch(stderr: string): boolean {
  return /couldn't find remote ref/i.test(stderr);
}

/** A failed fetch or push as the planner sees it: which, and git's stderr (and the error, for machine failures). */
export interface RemoteFailed {
  op: 'fetch' | 'push';
  stderr: string;
  /** A machine failure found in the error (DISK_FULL, READ_ONLY, REPO_CORRUPT), which wins. */
  typed?: OisError;
}

/** Reads a thrown error from a fetch or a push: undefined when it is no git failure (then it is rethrown as is). */
export function remoteFailed(op: 'fetch' | 'push', error: unknown): RemoteFailed | undefined {
  if (!(error instanceof GitCommandError)) return undefined;
  const typed = classifyFailure(error);
  return { op, stderr: error.stderr, ...(typed ? { typed } : {}) };
}

/** Maps a failed fetch/push to a typed error that says what to do; never leaks URL credentials. */
export function remoteError(failed: RemoteFailed): OisError {
  if (failed.typed) return failed.typed;
  const verb = failed.op === 'fetch' ? 'fetch from' : 'push to';
  const detail = redactUrls(lastLine(failed.stderr));
  switch (classifyRemoteFailure(failed.stderr)) {
    case 'auth':
      return new OisError('AUTH_REFUSED', `the remote refused this machine's credentials (${detail})`, {
        hint: 'Check the SSH key or access token this machine uses for the team repository; local commits are kept.',
      });
    case 'no-such-repo':
      return new OisError('REMOTE_UNREACHABLE', `the team repository was not found at the remote (${detail})`, {
        hint: 'Check the URL with `git remote -v`; local commits are kept.',
      });
    case 'unreachable':
    case 'rejected':
      return new OisError('REMOTE_UNREACHABLE', `cannot ${verb} the remote (${detail})`, {
        hint: 'Your commits are kept locally and go out on the next sync once the remote is reachable.',
      });
    case 'other':
      return new OisError('GIT_FAILED', `git could not ${verb} the remote: ${detail}`, {
        hint: 'Local commits are kept. Run `ois doctor` to check this clone.',
      });
  }
}

/** A work-tree update git refused, as a typed error: a file being written (retry), or an untracked file in the way. */
export function blockedByLocalFiles(error: unknown, upstream: string): OisError {
  if (error instanceof OisError) return error;
  const typed = classifyFailure(error);
  if (typed) return typed;
  const stderr = error instanceof GitCommandError ? error.stderr : String(error);
  const files = [...new Set([...stderr.matchAll(/^\t(.+)$|'([^']+)'/gm)].map((m) => m[1] ?? m[2] ?? '').filter(Boolean))];
  if (/not uptodate/i.test(stderr)) {
    // A file changed between this cycle's commit and now (an agent is writing): commit it, try again.
    return new OisError('CONFLICT', `local files kept changing during the sync: ${files.join(', ')}`, {
      hint: 'Nothing is lost: the next cycle commits them and brings the incoming commits in (`ois watch` runs it by itself; without a watcher, `ois sync` once the writing pauses).',
      data: { files, upstream, retry: true },
    });
  }
  return new OisError('CONFLICT', `incoming commits would overwrite local files that ois did not commit${files.length ? `: ${files.join(', ')}` : ''}`, {
    hint: `Move or rename those files (they were left out of commits, see \`ois status\`), then run \`ois sync\`. Details: ${redactUrls(stderr.trim().split('\n')[0] ?? '')}`,
    data: { files, upstream },
  });
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n').filter((l) => l.trim() && !/^hint:/.test(l));
  return (lines.at(-1) ?? text).replace(/^fatal: /, '').trim();
}
