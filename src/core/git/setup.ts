/**
 * The git operations that set a clone up and look at its remote: create or clone a repository,
 * stage and commit what `ois init` wrote, check the team branch out, read the remote's branches,
 * probe and push for `ois join` and `ois doctor`. Pure data (core/git/operation.ts): building one runs
 * nothing. Each parser is tested against real git output (test/unit/git/setup-operations.test.ts).
 */
import type { GitOperation } from './operation.js';

const text = (out: Buffer): string => out.toString('utf8');
const nothing = (): void => undefined;

/** `git init` with `branch` as the first branch. */
export const initRepository = (branch: string): GitOperation<void> => ({ name: 'init', args: ['init', '-q', '-b', branch], parse: nothing });

/** The clone's git directory, absolute (`/srv/acme/.git`). */
export const absoluteGitDir = (): GitOperation<string> => ({
  name: 'rev-parse',
  args: ['rev-parse', '--absolute-git-dir'],
  parse: (out) => text(out).trim(),
});

/**
 * `git clone` of `url` into `dir` (run from the folder `dir` is relative to), with `config` set in
 * the new clone before anything is checked out; `checkout: false` checks nothing out.
 */
export const cloneRepository = (url: string, dir: string, options: { checkout?: boolean; config?: Readonly<Record<string, string>> } = {}): GitOperation<void> => ({
  name: 'clone',
  args: [
    'clone',
    '-q',
    ...(options.checkout === false ? ['--no-checkout'] : []),
    ...Object.entries(options.config ?? {}).flatMap(([key, value]) => ['-c', `${key}=${value}`]),
    '--',
    url,
    dir,
  ],
  parse: nothing,
});

/** Fetches every branch of `remote`, dropping remote-tracking branches the remote no longer has. */
export const fetchPruned = (remote: string): GitOperation<void> => ({ name: 'fetch', args: ['fetch', '-q', '--prune', remote], parse: nothing });

/** `git remote add NAME URL`. */
export const addRemote = (name: string, url: string): GitOperation<void> => ({ name: 'remote', args: ['remote', 'add', name, url], parse: nothing });

/** Points `refs/remotes/<remote>/HEAD` at `branch`. */
export const setRemoteHead = (remote: string, branch: string): GitOperation<void> => ({ name: 'remote', args: ['remote', 'set-head', remote, branch], parse: nothing });

/** Checks out `branch`, (re)created at `upstream` and tracking it (`checkout --track -B`). */
export const checkoutTracking = (branch: string, upstream: string): GitOperation<void> => ({
  name: 'checkout',
  args: ['checkout', '-q', '--track', '-B', branch, upstream],
  parse: nothing,
});

/** The branch a symbolic ref points at, short (`origin/main`), or undefined when it is no symbolic ref or missing. */
export const symbolicTarget = (ref: string): GitOperation<string | undefined> => ({
  name: 'symbolic-ref',
  args: ['symbolic-ref', '-q', '--short', ref],
  okExitCodes: [1],
  parse: (out) => text(out).trim() || undefined,
});

/** The names of the remote-tracking branches of `remote` (`main`, `join/aria`), without `HEAD`. */
export const remoteTrackingBranches = (remote: string): GitOperation<string[]> => ({
  name: 'for-each-ref',
  args: ['for-each-ref', '--format=%(refname:strip=3)', `refs/remotes/${remote}/`],
  parse: (out) => text(out).split('\n').map((line) => line.trim()).filter((line) => line !== '' && line !== 'HEAD'),
});

/** The branches the remote has, asked over the network (`git ls-remote --heads`). */
export const listRemoteHeads = (remote: string): GitOperation<string[]> => ({
  name: 'ls-remote',
  args: ['ls-remote', '--heads', remote],
  parse: (out) => parseHeads(text(out)),
});

/** Branch names from `git ls-remote --heads` (`<sha>\trefs/heads/<name>` lines). @example parseHeads('ab\trefs/heads/join/zed\n') // ['join/zed'] */
export function parseHeads(output: string): string[] {
  return output.split('\n').flatMap((line) => {
    const ref = line.split('\t')[1]?.trim();
    return ref?.startsWith('refs/heads/') ? [ref.slice('refs/heads/'.length)] : [];
  });
}

/** `git push --dry-run REMOTE REFSPEC`: whether the remote would take it (a refusal rejects with GitCommandError). */
export const pushDryRun = (remote: string, refspec: string): GitOperation<void> => ({ name: 'push', args: ['push', '--dry-run', remote, refspec], parse: nothing });

/** Pushes `commit` to `branch` on `remote`: a fast-forward, never a force. */
export const pushCommit = (remote: string, commit: string, branch: string): GitOperation<void> => ({
  name: 'push',
  args: ['push', '-q', remote, `${commit}:refs/heads/${branch}`],
  parse: nothing,
});

/** Stages `paths` exactly as written (no glob magic). */
export const stagePaths = (paths: readonly string[]): GitOperation<void> => ({ name: 'add', args: ['--literal-pathspecs', 'add', '--', ...paths], parse: nothing });

/** Commits what is staged with `message`, without running hooks; `env` carries the author and committer. */
export const commitStaged = (message: string, env: Readonly<Record<string, string>>): GitOperation<void> => ({
  name: 'commit',
  args: ['commit', '--no-verify', '-q', '-m', message],
  env,
  parse: nothing,
});
