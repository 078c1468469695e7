import { GitCommandError } from '../../adapters/git.js';
import { classify, classifyRemoteFailure, parseLeftRight, type Relation } from '../../core/sync/classify.js';
import { OisError } from '../../core/errors.js';
import type { Identity } from '../../core/identity.js';
import { redactUrls } from '../../core/redact.js';
import { REMOTE, type Repo } from '../repo.js';
import { BACKUP_REF, checkoutTarget, replayOnto } from './replay.js';
import { resolveRef } from './refs.js';

export interface ExchangeDeps {
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export interface Pushed {
  /** The remote branch before the push (undefined when the push created it). */
  from?: string;
  to: string;
}

export interface ExchangeResult {
  relation: Relation;
  /** Commits of others brought into the local branch. */
  pulled: number;
  pushed?: Pushed;
}

const tracking = (branch: string): string => `refs/remotes/${REMOTE}/${branch}`;

/**
 * Steps 2 and 3 of a cycle: bring the remote's commits in (fast-forward or rebase) and push ours, never
 * forcing. A push rejected because someone pushed meanwhile is retried after a jittered back-off.
 * With `pushFirst` (the watcher after a local commit), it pushes before fetching, saving a round trip
 * in the common case where nobody else pushed.
 */
export async function exchange(
  repo: Repo,
  identity: Identity,
  deps: ExchangeDeps,
  options: { pushFirst: boolean; committed?: string },
): Promise<ExchangeResult> {
  const { branch } = repo.config;
  let pulled = 0;
  let relation: Relation = 'ahead';
  const retries = repo.config.sync.pushRetries;
  for (let attempt = 0; ; attempt += 1) {
    const skipFetch =
      attempt === 0 && options.pushFirst && (options.committed !== undefined || (await hasUnpushed(repo, branch)));
    if (!skipFetch) {
      relation = await fetchAndClassify(repo, branch);
      if (relation === 'behind' || relation === 'diverged') pulled += await integrate(repo, identity, relation);
      if (relation === 'equal' || relation === 'behind') return { relation, pulled };
    }
    const from = await resolveRef(repo.git, tracking(branch));
    const outcome = await push(repo, branch);
    if (outcome === 'pushed') {
      const to = skipFetch && options.committed ? options.committed : (await repo.git.run(['rev-parse', 'HEAD'])).trim();
      return { relation, pulled, pushed: from ? { from, to } : { to } };
    }
    if (attempt >= retries) {
      throw new OisError('PUSH_REJECTED', `the remote kept moving: ${attempt + 1} pushes were rejected`, {
        hint: 'Local commits are kept; the next cycle tries again.',
      });
    }
    await deps.sleep(backoff(attempt, deps.random));
  }
}

async function hasUnpushed(repo: Repo, branch: string): Promise<boolean> {
  const remote = await resolveRef(repo.git, tracking(branch));
  if (!remote) return true;
  const count = (await repo.git.run(['rev-list', '--count', `${remote}..HEAD`])).trim();
  return Number(count) > 0;
}

/** Jittered exponential back-off: 50 ms, 100 ms, 200 ms … capped at 2 s, times 0.5–1.5. */
export function backoff(attempt: number, random: () => number): number {
  const base = Math.min(2_000, 50 * 2 ** attempt);
  return Math.round(base * (0.5 + random()));
}

export async function fetchAndClassify(repo: Repo, branch: string): Promise<Relation> {
  try {
    await repo.git.run(['fetch', '--no-tags', '--quiet', REMOTE, `+refs/heads/${branch}:${tracking(branch)}`]);
  } catch (error) {
    if (error instanceof GitCommandError && /couldn't find remote ref/i.test(error.stderr)) {
      return classify(null);
    }
    throw remoteError(error, 'fetch from');
  }
  try {
    const counts = await repo.git.run(['rev-list', '--left-right', '--count', `HEAD...${tracking(branch)}`]);
    return classify(parseLeftRight(counts));
  } catch (error) {
    // An unborn branch (nothing committed yet) has no HEAD to compare: everything is incoming.
    if (!(await resolveRef(repo.git, 'HEAD'))) return 'behind';
    throw error;
  }
}

async function integrate(repo: Repo, identity: Identity, relation: Relation): Promise<number> {
  const upstream = tracking(repo.config.branch);
  const before = await resolveRef(repo.git, 'HEAD');
  if (!before) {
    // An unborn branch (a fresh `git init`): take the remote's history; git refuses to overwrite files.
    await repo.git.run(['checkout', '-q', '-B', repo.config.branch, upstream]).catch((error: unknown) => {
      throw blockedByLocalFiles(error, upstream);
    });
    return 1;
  }
  const count = Number((await repo.git.run(['rev-list', '--count', `HEAD..${upstream}`])).trim());
  let target = await resolveRef(repo.git, upstream);
  if (!target) return 0;
  if (relation === 'diverged') {
    await repo.git.run(['update-ref', '--create-reflog', '-m', 'ois: before rebase', BACKUP_REF, before]);
    target = await replayOnto(repo.git, identity, upstream, repo.config.branch);
  }
  await checkoutTarget(repo.git, repo.config.branch, before, target).catch((error: unknown) => {
    throw blockedByLocalFiles(error, upstream);
  });
  return count;
}

function blockedByLocalFiles(error: unknown, upstream: string): OisError {
  const stderr = error instanceof GitCommandError ? error.stderr : String(error);
  const files = [...new Set([...stderr.matchAll(/^\t(.+)$|'([^']+)'/gm)].map((m) => m[1] ?? m[2] ?? '').filter(Boolean))];
  if (/not uptodate/i.test(stderr)) {
    // A file changed between this cycle's commit and now (an agent is writing): commit it, try again.
    return new OisError('CONFLICT', `local files changed during the sync: ${files.join(', ')}`, {
      hint: 'Run `ois sync` again.',
      data: { files, upstream, retry: true },
    });
  }
  return new OisError('CONFLICT', `incoming commits would overwrite local files that ois did not commit${files.length ? `: ${files.join(', ')}` : ''}`, {
    hint: `Move or rename those files (they were left out of commits, see \`ois status\`), then run \`ois sync\`. Details: ${redactUrls(stderr.trim().split('\n')[0] ?? '')}`,
    data: { files, upstream },
  });
}

async function push(repo: Repo, branchName: string): Promise<'pushed' | 'rejected'> {
  try {
    await repo.git.run(['push', '--porcelain', '--quiet', REMOTE, `HEAD:refs/heads/${branchName}`]);
    return 'pushed';
  } catch (error) {
    if (error instanceof GitCommandError && classifyRemoteFailure(error.stderr) === 'rejected') return 'rejected';
    throw remoteError(error, 'push to');
  }
}

/** Maps a failed fetch/push to a typed error that says what to do; never leaks URL credentials. */
export function remoteError(error: unknown, verb: 'fetch from' | 'push to'): OisError {
  if (!(error instanceof GitCommandError)) return new OisError('GIT_FAILED', String(error));
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
