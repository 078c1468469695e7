import { join } from 'node:path';
import { configGet, configMatching } from '../../core/git/config.js';
import { GitCommandError } from '../../core/git/error.js';
import { lastCommitTouching } from '../../core/git/history.js';
import { locateRepository } from '../../core/git/repository.js';
import type { Files, Git, Ports } from '../../ports/index.js';
import type { TeamConfig } from '../../core/config/team.js';
import { configInForce } from '../in-force/config.js';
import { ensureNoSymlinkCheckout } from '../safety/symlinks.js';
import type { FileProblem } from '../in-force/problem.js';
import { OisError } from '../../core/errors.js';
import type { Identity } from '../../core/identity.js';

import { CONFIG_FILE } from '../in-force/config.js';

export { CONFIG_FILE };
export const REMOTE = 'origin';

/** The remote-tracking ref of `branch` (`refs/remotes/origin/main`). */
export const trackingRef = (branch: string): string => `refs/remotes/${REMOTE}/${branch}`;

/** An opened clone: where it is, its git, its team config and (if set up) who it writes as. */
export interface Repo {
  top: string;
  gitDir: string;
  /** `.git/ois`: machine-local state (status, logs, lock). Never tracked. */
  stateDir: string;
  git: Git;
  /** The side effects this clone's code may cause (src/ports), built by the wiring module. */
  ports: Ports;
  config: TeamConfig;
  identity: Identity | undefined;
  /** Clone settings read when the repo was opened (one `git config` call). */
  settings: CloneSettings;
  /** Set when `ois.config.json` is not valid: what is wrong, and which version is in force instead (in-force/config.ts). */
  configProblem?: FileProblem;
}

/** The clone's git config values ois needs, as read by openRepo. */
export interface CloneSettings {
  /** `remote.origin.url`. */
  remoteUrl?: string;
  /** `merge.ois-chat.driver` (the effective value). */
  mergeDriver?: string;
  /** `ois.human`: the person (`Kind: human`) who posts from this clone through `ois web`, if any. */
  human?: string;
}

/**
 * Opens the git work tree containing `cwd`, with the team config in force (an invalid ois.config.json
 * degrades: `configProblem` says why) and `core.symlinks=false` made sure of. Throws NOT_A_REPO,
 * GIT_MISSING or CONFIG_UNREADABLE.
 */
export async function openRepo(cwd: string, ports: Ports): Promise<Repo> {
  const probe = ports.gitFor(cwd);
  let top: string;
  let gitDir: string;
  try {
    ({ top, gitDir } = await probe.exec(locateRepository()));
  } catch (error) {
    if (error instanceof GitCommandError && /not a git repository/i.test(error.stderr)) {
      throw new OisError('NOT_A_REPO', `${cwd} is not inside a git repository`, {
        hint: 'Run ois in a clone of your team repository, or create one with `ois init` or `ois join`.',
      });
    }
    if (error instanceof GitCommandError && /ENOENT|spawn git/i.test(error.stderr)) {
      throw new OisError('GIT_MISSING', 'git is not installed or not on PATH', {
        hint: 'Install git 2.38 or newer.',
      });
    }
    throw error;
  }
  if (!top) {
    throw new OisError('NOT_A_REPO', `${cwd} is inside a bare repository or a .git folder`, {
      hint: 'Run ois in the work tree of a clone.',
    });
  }
  const git = ports.gitFor(top);
  const stateDir = join(gitDir, 'ois');
  const [inForce, values] = await Promise.all([configInForce(git, ports.files, top, stateDir), readConfigValues(git)]);
  const config = inForce.config;
  // No tracked symbolic link is ever materialised: set once per clone (and repair an older checkout).
  if (values.get('core.symlinks')?.toLowerCase() !== 'false') await ensureNoSymlinkCheckout(git, ports.files, top);
  const identity = identityFrom(values);
  const settings: CloneSettings = {};
  const remoteUrl = values.get(`remote.${REMOTE}.url`);
  const mergeDriver = values.get('merge.ois-chat.driver');
  if (remoteUrl) settings.remoteUrl = remoteUrl;
  if (mergeDriver) settings.mergeDriver = mergeDriver;
  const human = values.get('ois.human')?.trim().toLowerCase();
  if (human) settings.human = human;
  return { top, gitDir, stateDir, git, ports, config, identity, settings, ...(inForce.problem ? { configProblem: inForce.problem } : {}) };
}

/** The keys openRepo reads, as a POSIX extended regular expression (what `git config --get-regexp` takes). */
const WANTED_KEYS = "^(ois\\.(id|name|gateway|human)|remote\\.origin\\.url|merge\\.ois-chat\\.driver|core\\.symlinks)$";

/** The config values ois reads, in one `git config` call (the last value of a key wins, as in git). */
function readConfigValues(git: Git): Promise<Map<string, string>> {
  return git.exec(configMatching(WANTED_KEYS));
}

export { parseConfigZ } from '../../core/git/config.js';

function identityFrom(values: ReadonlyMap<string, string>): Identity | undefined {
  const id = values.get('ois.id')?.trim();
  if (!id) return undefined;
  const name = values.get('ois.name')?.trim() || id;
  const gateway = values.get('ois.gateway')?.trim();
  return gateway ? { id, name, gateway } : { id, name };
}

/**
 * The team config in force for the clone at `top` (see in-force/config.ts: a config that fails
 * validation degrades to its last valid version, never stops ois). `git` lets it look in history.
 */
export async function readTeamConfig(files: Files, top: string, stateDir?: string, git?: Git): Promise<TeamConfig> {
  return (await configInForce(git, files, top, stateDir)).config;
}

export function requireIdentity(repo: Repo): Identity {
  if (repo.identity) return repo.identity;
  throw new OisError('NO_IDENTITY', `this clone has no ois identity (${repo.top})`, {
    hint: 'Set it up with `ois join REMOTE DIR --id ID --name NAME --gateway URL`, or in this clone with `git config ois.id ID && git config ois.name NAME`.',
  });
}

/**
 * Refuses to sync a repository that is no ois team (no ois.config.json in the work tree): `ois watch`
 * commits and pushes whatever changes, which in someone's project repository would be a disaster.
 * A team whose ois.config.json was deleted (a member's push) is still a team: its history had one, and
 * its last valid version stays in force (in-force/config.ts).
 */
export async function requireTeam(repo: Pick<Repo, 'top' | 'ports'> & { git?: Git }): Promise<void> {
  if (await repo.ports.files.exists(join(repo.top, CONFIG_FILE))) return;
  const tracked = repo.git === undefined ? undefined : await repo.git.exec(lastCommitTouching(CONFIG_FILE)).catch(() => undefined);
  if (tracked !== undefined && tracked.commit !== '') return;
  throw new OisError('NOT_A_TEAM', `${repo.top} is not an ois team repository (no ${CONFIG_FILE})`, {
    hint: 'Run ois in a clone made by `ois join`, or make this repository a team with `ois init . --team NAME` (then commit and push).',
  });
}

/** The URL of `origin`, or NO_REMOTE (asks git again when openRepo saw none: it may have been added since). */
export async function requireRemote(repo: Pick<Repo, 'git' | 'top'> & { settings?: CloneSettings }): Promise<string> {
  const url = repo.settings?.remoteUrl ?? ((await repo.git.exec(configGet(`remote.${REMOTE}.url`))) ?? '').trim();
  if (url) return url;
  throw new OisError('NO_REMOTE', `this clone has no remote "${REMOTE}" (${repo.top})`, {
    hint: `Add the team repository with \`git remote add ${REMOTE} URL\`.`,
  });
}
