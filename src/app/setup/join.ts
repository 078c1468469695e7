import { basename, resolve } from 'node:path';
import { createGit, GitCommandError } from '../../adapters/git.js';
import { exists } from '../../adapters/files.js';
import { OisError } from '../../core/errors.js';
import type { Identity } from '../../core/identity.js';
import { redactUrls } from '../../core/redact.js';
import { classifyRemoteFailure } from '../../core/sync/classify.js';
import { ensureHooks, ensureMergeDriver, type HookInstall } from './clone-config.js';
import { prepareOnboarding, type Onboarding } from './onboard.js';
import { readTeamConfig } from '../repo.js';
import { recordIdentity, validateIdentity } from './identity.js';
import { ensureNoSymlinkCheckout } from '../safety/symlinks.js';
import { pinJoinedPeers, type PinnedPeer } from '../secrets/join-pins.js';

export interface JoinInput {
  remote: string;
  dir?: string;
  identity: Identity;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

export interface JoinResult {
  top: string;
  cloned: boolean;
  hooks: HookInstall;
  /** Set when this id was not in AGENTS.md: the onboarding branch, pushed, and where to open the PR. */
  onboarding?: Onboarding;
  /** The peers' Gateway URLs trusted with their tokens at this join (listed to the operator). */
  pins: PinnedPeer[];
}

/** The folder a clone of `remote` goes to by default, as `git clone` would name it. */
export function defaultCloneDir(remote: string): string {
  const name = basename(remote.replace(/[/\\]+$/, '').replace(/:([^/])/, '/$1')).replace(/\.git$/, '');
  return name || 'ois';
}

/**
 * `ois join`: clones the team repository (or reuses a clone of it already in `dir`), records this
 * clone's identity in its git config, installs the merge driver and hooks.
 */
export async function joinTeam(input: JoinInput): Promise<JoinResult> {
  validateIdentity(input.identity);
  const top = resolve(input.cwd, input.dir ?? defaultCloneDir(input.remote));
  let cloned = false;
  if (await exists(`${top}/.git`)) {
    const git = createGit(top, { env: input.env });
    const url = (await git.run(['config', '--get', 'remote.origin.url'])).trim();
    if (url !== input.remote) {
      throw new OisError('JOIN_FAILED', `${top} is already a clone of another repository`, {
        hint: 'Choose another folder for this team.',
      });
    }
  } else {
    await clone(input, top);
    cloned = true;
  }
  const git = createGit(top, { env: input.env });
  const gitDir = (await git.run(['rev-parse', '--absolute-git-dir'])).trim();
  await ensureNoSymlinkCheckout(git, top);
  await recordIdentity(git, input.identity);
  await ensureMergeDriver(git);
  const hooks = await ensureHooks(git, gitDir, top);
  const { branch } = await readTeamConfig(top, undefined, git);
  const pins = await pinJoinedPeers(git, input.env, input.identity.id);
  const onboarding = await prepareOnboarding(git, top, input.identity, input.remote, branch);
  return { top, cloned, hooks, pins, ...(onboarding ? { onboarding } : {}) };
}

async function clone(input: JoinInput, top: string): Promise<void> {
  try {
    // core.symlinks=false from the first checkout on: no tracked link is ever materialised (safety/symlinks.ts).
    await createGit(input.cwd, { env: input.env }).run(['clone', '-q', '-c', 'core.symlinks=false', '--', input.remote, top]);
  } catch (error) {
    if (!(error instanceof GitCommandError)) throw error;
    const kind = classifyRemoteFailure(error.stderr);
    const detail = redactUrls(error.stderr.trim().split('\n').at(-1) ?? '');
    if (/already exists and is not an empty directory/.test(error.stderr)) {
      throw new OisError('JOIN_FAILED', `${top} exists and is not empty`, { hint: 'Give another folder as DIR.' });
    }
    if (kind === 'auth') {
      throw new OisError('AUTH_REFUSED', `the remote refused this machine's credentials (${detail})`, {
        hint: 'Check the SSH key or token this machine uses for the team repository.',
      });
    }
    throw new OisError('REMOTE_UNREACHABLE', `cannot clone ${redactUrls(input.remote)} (${detail})`, {
      hint: 'Check the URL and that the git server is reachable from this machine.',
    });
  }
}
