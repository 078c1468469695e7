import type { Git } from '../../adapters/git.js';
import { configGet } from '../../core/git/config.js';
import { GitCommandError, gitSaid } from '../../core/git/error.js';
import type { GitOperation } from '../../core/git/operation.js';
import { listRemoteHeads, pushDryRun } from '../../core/git/setup.js';
import { classifyRemoteFailure } from '../../core/sync/failures.js';
import { redactUrls } from '../../core/redact.js';
import { REMOTE } from '../clone/repo.js';
import { fail, ok, warn, type CheckResult } from './types.js';

/** What probing the remote found: the URL, and each git call's outcome (stderr when it failed). */
export interface RemoteFacts {
  url: string | undefined;
  lsRemote?: { ok: true; heads?: string[] } | { ok: false; stderr: string };
  pushDryRun?: { ok: true; stderr: string } | { ok: false; stderr: string };
  branch: string;
}

const NO_REMOTE_FIX = `Add the team repository: \`git remote add ${REMOTE} URL\`.`;

/** Pure: verdicts for `remote-reachable` (configured + `git ls-remote`) and `remote-writable` (`git push --dry-run`). */
export function judgeRemote(facts: RemoteFacts): CheckResult[] {
  const reachTitle = 'remote reachable';
  const writeTitle = 'remote writable';
  if (!facts.url) {
    return [fail('remote-reachable', reachTitle, `no remote "${REMOTE}" is configured`, NO_REMOTE_FIX)];
  }
  const url = redactUrls(facts.url);
  const reach = facts.lsRemote;
  if (!reach || !reach.ok) {
    const stderr = reach?.ok === false ? reach.stderr : '';
    return [fail('remote-reachable', reachTitle, `${url}: ${describeFailure(stderr)}`, fixFor(stderr))];
  }
  const results = [ok('remote-reachable', reachTitle, `${url} answers (git ls-remote)`)];
  const push = facts.pushDryRun;
  if (!push) return results;
  if (push.ok) {
    results.push(ok('remote-writable', writeTitle, `git push --dry-run to ${facts.branch} accepted`));
    return results;
  }
  const kind = classifyRemoteFailure(push.stderr);
  if (kind === 'rejected') {
    // Not a permission problem: the remote moved on; the next sync integrates and pushes.
    results.push(ok('remote-writable', writeTitle, `credentials accepted; the remote has commits this clone has not integrated yet (the next sync does)`));
  } else if (/src refspec|does not match any/i.test(push.stderr)) {
    results.push(warn('remote-writable', writeTitle, 'this clone has no commit to push yet, so write access was not tried', 'Run `ois sync` once, then `ois doctor` again.'));
  } else {
    results.push(fail('remote-writable', writeTitle, `${url}: ${describeFailure(push.stderr)}`, fixFor(push.stderr, true)));
  }
  return results;
}

function describeFailure(stderr: string): string {
  const line = lastLine(stderr);
  switch (classifyRemoteFailure(stderr)) {
    case 'auth':
      return `credentials refused (${line})`;
    case 'no-such-repo':
      return `repository not found (${line})`;
    case 'unreachable':
      return `unreachable (${line})`;
    default:
      return line || 'git failed';
  }
}

function fixFor(stderr: string, writing = false): string {
  switch (classifyRemoteFailure(stderr)) {
    case 'auth':
      return `Check the SSH key or access token this machine uses for the team repository${writing ? ' (it needs write access)' : ''}.`;
    case 'no-such-repo':
      return 'Check the URL with `git remote -v` and fix it with `git remote set-url origin URL`.';
    case 'unreachable':
      return 'Check the network and that the git server is up; commits made meanwhile are kept and pushed later.';
    default:
      return writing
        ? 'This machine may only have read access, or the branch is protected: ask the repository owner for write access.'
        : 'Run `git ls-remote origin` to see the full error.';
  }
}

/** git's own verdict line (`fatal: …`), else the last line; credentials in URLs redacted. */
function lastLine(text: string): string {
  const lines = text.trim().split('\n').filter((l) => l.trim() && !/^hint:/.test(l));
  const verdict = lines.find((l) => /^(fatal|error):/.test(l)) ?? lines.at(-1) ?? '';
  return redactUrls(verdict.replace(/^(fatal|error): /, '').trim());
}

/** Probes the remote: ls-remote (15 s), then a push dry-run (20 s) of HEAD to the team branch. */
export async function probeRemote(git: Git, branch: string): Promise<RemoteFacts> {
  const url = ((await git.exec(configGet(`remote.${REMOTE}.url`)).catch(() => undefined)) ?? '').trim() || undefined;
  if (!url) return { url, branch };
  const attempt = async <T>(operation: GitOperation<T>, timeoutMs: number): Promise<{ ok: true; value: T } | { ok: false; stderr: string }> => {
    try {
      return { ok: true, value: await git.exec(operation, { timeoutMs }) };
    } catch (error) {
      return { ok: false, stderr: error instanceof GitCommandError ? gitSaid(error) : String(error) };
    }
  };
  const lsRemote = await attempt(listRemoteHeads(REMOTE), 15_000);
  if (!lsRemote.ok) return { url, branch, lsRemote };
  const push = await attempt(pushDryRun(REMOTE, `HEAD:refs/heads/${branch}`), 20_000);
  return { url, branch, lsRemote: { ok: true, heads: lsRemote.value }, pushDryRun: push.ok ? { ok: true, stderr: '' } : push };
}

export { parseHeads } from '../../core/git/setup.js';
