import { GitCommandError } from '../../adapters/git.js';
import { OisError } from '../../core/errors.js';
import { classifyFailure } from '../../core/failure.js';
import { redactUrls } from '../../core/redact.js';
import { classifyRemoteFailure } from '../../core/sync/classify.js';

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

/** Maps a failed fetch/push to a typed error that says what to do; never leaks URL credentials. */
export function remoteError(error: unknown, verb: 'fetch from' | 'push to'): OisError {
  if (!(error instanceof GitCommandError)) return new OisError('GIT_FAILED', String(error));
  const typed = classifyFailure(error);
  if (typed) return typed;
  const detail = redactUrls(lastLine(error.stderr));
  switch (classifyRemoteFailure(error.stderr)) {
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

function lastLine(text: string): string {
  const lines = text.trim().split('\n').filter((l) => l.trim() && !/^hint:/.test(l));
  return (lines.at(-1) ?? text).replace(/^fatal: /, '').trim();
}
