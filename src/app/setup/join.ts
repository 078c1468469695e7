/**
 * `ois join`: a clone of the team (new or reused), its identity, merge driver, hooks and trust pins,
 * and the onboarding branch; a refused join leaves nothing behind. Git through intent-named operations
 * (core/git/setup.ts), every other side effect through the ports.
 */
import { basename, join, resolve } from 'node:path';
import type { Git } from '../../adapters/git.js';
import { OisError } from '../../core/errors.js';
import { configGet, configRemoveSection } from '../../core/git/config.js';
import { GitCommandError, gitSaid } from '../../core/git/error.js';
import { currentBranch, resolveCommit } from '../../core/git/refs.js';
import { absoluteGitDir, checkoutTracking, cloneRepository, fetchPruned, setRemoteHead } from '../../core/git/setup.js';
import type { Ports } from '../../ports/index.js';
import type { Identity } from '../../core/identity.js';
import { redactUrls } from '../../core/redact.js';
import { classifyRemoteFailure } from '../../core/sync/failures.js';
import { REMOTE } from '../clone/repo.js';
import { ensureHooks, ensureMergeDriver, type HookInstall } from './clone-config.js';
import { ensureCommitter, recordIdentity, validateIdentity } from './identity.js';
import { prepareOnboarding, type Onboarding } from './onboard.js';
import { findTeamBranch } from './team-branch.js';
import { ensureNoSymlinkCheckout } from '../safety/symlinks.js';
import { pinJoinedPeers, type PinnedPeer } from '../secrets/join-pins.js';
import type { FileProblem } from '../in-force/problem.js';

export interface JoinInput {
  remote: string;
  dir?: string;
  identity: Identity;
  cwd: string;
}

export interface JoinResult {
  top: string;
  cloned: boolean;
  /** The team branch (ois.config.json `branch`), checked out in a new clone. */
  branch: string;
  hooks: HookInstall;
  /** The git config keys set so that commits made by hand work (`user.name`, `user.email`). */
  committer: string[];
  /** Set when this id was not in AGENTS.md (or is, with another Gateway): the onboarding branch. */
  onboarding?: Onboarding;
  /** The peers' Gateway URLs trusted with their tokens at this join (listed to the operator). */
  pins: PinnedPeer[];
  /** The team branch's ois.config.json is not valid: its last valid version is in force (joining goes on). */
  configProblem?: FileProblem;
}

/** The folder a clone of `remote` goes to by default, as `git clone` would name it. */
export function defaultCloneDir(remote: string): string {
  const name = basename(remote.replace(/[/\\]+$/, '').replace(/:([^/])/, '/$1')).replace(/\.git$/, '');
  return name || 'ois';
}

/**
 * `ois join`: clones the team repository (or reuses a clone of it already in `dir`, fetching), finds
 * the team branch whatever the remote's HEAD says, refuses a repository that is no ois team (a new
 * clone is removed again; nothing is pushed), records this clone's identity in its git config, gives
 * it a committer identity when git has none, installs the merge driver and hooks, and prepares the
 * onboarding branch (onboard.ts). Running it again with the same options changes nothing. Every side
 * effect goes through `ports`.
 */
export async function joinTeam(input: JoinInput, ports: Ports): Promise<JoinResult> {
  validateIdentity(input.identity);
  const { files } = ports;
  const top = resolve(input.cwd, input.dir ?? defaultCloneDir(input.remote));
  const reused = await files.exists(join(top, '.git'));
  const existed = reused || (await files.exists(top));
  if (reused) await reuse(ports, input, top);
  else await clone(ports, input, top);
  const git = ports.gitFor(top);
  let branch: string;
  let configProblem: FileProblem | undefined;
  try {
    ({ branch, configProblem } = await findTeamBranch(git, input.remote));
  } catch (error) {
    // Leave nothing behind that `ois join` made: the folder as it was (absent, or empty).
    if (!reused) await files.remove(existed ? join(top, '.git') : top, { recursive: true });
    throw error;
  }
  // A new clone, or one made by hand whose HEAD is still unborn (`git clone` of a remote whose HEAD names a branch nobody pushed).
  if (!reused || !(await hasHead(git))) await checkoutTeamBranch(git, branch);
  const gitDir = await git.exec(absoluteGitDir());
  await ensureNoSymlinkCheckout(git, ports.files, top);
  await recordIdentity(git, input.identity);
  const committer = await ensureCommitter(git, input.identity);
  await ensureMergeDriver(git, ports.system);
  const hooks = await ensureHooks(git, ports, gitDir, top);
  const pins = await pinJoinedPeers(git, ports, input.identity.id);
  const onboarding = await prepareOnboarding(git, input.identity, input.remote, branch);
  return { top, cloned: !reused, branch, hooks, committer, pins, ...(onboarding ? { onboarding } : {}), ...(configProblem ? { configProblem } : {}) };
}

/** A clone already there must be of the same remote; it is fetched so the onboarding sees the team branch as it is now. */
async function reuse(ports: Ports, input: JoinInput, top: string): Promise<void> {
  const git = ports.gitFor(top);
  const url = ((await git.exec(configGet(`remote.${REMOTE}.url`)).catch(() => undefined)) ?? '').trim();
  if (url !== input.remote) {
    throw new OisError('JOIN_FAILED', `${top} is already a clone of another repository`, { hint: 'Choose another folder for this team.' });
  }
  await remoteCall(() => git.exec(fetchPruned(REMOTE)), input.remote);
}

/** `git clone --no-checkout`: the team branch is checked out once it is known (checkoutTeamBranch). */
async function clone(ports: Ports, input: JoinInput, top: string): Promise<void> {
  try {
    // core.symlinks=false from the first checkout on: no tracked link is ever materialised (safety/symlinks.ts).
    await ports.gitFor(input.cwd).exec(cloneRepository(input.remote, top, { checkout: false, config: { 'core.symlinks': 'false' } }));
  } catch (error) {
    if (error instanceof GitCommandError && /already exists and is not an empty directory/.test(error.stderr)) {
      throw new OisError('JOIN_FAILED', `${top} exists and is not empty`, { hint: 'Give another folder as DIR.' });
    }
    throw remoteError(error, input.remote);
  }
}

/**
 * Checks the team branch out, tracking the remote one, and points `origin/HEAD` at it. When the
 * remote's HEAD named another branch (`master` of a plain `git init --bare`), the clone's config for
 * that unborn branch is dropped.
 */
async function checkoutTeamBranch(git: Git, branch: string): Promise<void> {
  const unborn = (await git.exec(currentBranch()).catch(() => undefined)) ?? '';
  await git.exec(checkoutTracking(branch, `${REMOTE}/${branch}`));
  await git.exec(setRemoteHead(REMOTE, branch));
  if (unborn !== '' && unborn !== branch) await git.exec(configRemoveSection(`branch.${unborn}`)).catch(() => undefined);
}

async function hasHead(git: Git): Promise<boolean> {
  return (await git.exec(resolveCommit('HEAD')).catch(() => undefined)) !== undefined;
}

async function remoteCall(call: () => Promise<unknown>, remote: string): Promise<void> {
  try {
    await call();
  } catch (error) {
    throw remoteError(error, remote);
  }
}

function remoteError(error: unknown, remote: string): unknown {
  if (!(error instanceof GitCommandError)) return error;
  const detail = redactUrls(gitSaid(error).trim().split('\n').at(-1) ?? '');
  if (classifyRemoteFailure(error.stderr) === 'auth') {
    return new OisError('AUTH_REFUSED', `the remote refused this machine's credentials (${detail})`, {
      hint: 'Check the SSH key or token this machine uses for the team repository.',
    });
  }
  return new OisError('REMOTE_UNREACHABLE', `cannot reach ${redactUrls(remote)} (${detail})`, {
    hint: 'Check the URL and that the git server is reachable from this machine.',
  });
}
