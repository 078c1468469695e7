import { join } from 'node:path';
import { createGit, GitCommandError, type Git } from '../adapters/git.js';
import { exists, readIfExists } from '../adapters/files.js';
import { cachedConfig, rememberConfig } from './config-cache.js';
import type { TeamConfig } from '../core/config/team.js';
import { OisError } from '../core/errors.js';
import type { Identity } from '../core/identity.js';

export const CONFIG_FILE = 'ois.config.json';
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
  config: TeamConfig;
  identity: Identity | undefined;
  /** Clone settings read when the repo was opened (one `git config` call). */
  settings: CloneSettings;
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

/** Opens the git work tree containing `cwd`. Throws NOT_A_REPO, CONFIG_INVALID or CONFIG_UNREADABLE. */
export async function openRepo(cwd: string, env: Readonly<Record<string, string | undefined>>): Promise<Repo> {
  const probe = createGit(cwd, { env });
  let top: string;
  let gitDir: string;
  try {
    const out = await probe.run(['rev-parse', '--show-toplevel', '--absolute-git-dir']);
    [top = '', gitDir = ''] = out.trim().split('\n');
  } catch (error) {
    if (error instanceof GitCommandError && /not a git repository/i.test(error.stderr)) {
      throw new OisError('NOT_A_REPO', `${cwd} is not inside a git repository`, {
        hint: 'Run ois in a clone of your team repository, or create one with `ois init` or `ois join`.',
      });
    }
    if (error instanceof GitCommandError && /ENOENT|spawn git/i.test(error.stderr)) {
      throw new OisError('GIT_MISSING', 'git is not installed or not on PATH', {
        hint: 'Install git 2.30 or newer.',
      });
    }
    throw error;
  }
  if (!top) {
    throw new OisError('NOT_A_REPO', `${cwd} is inside a bare repository or a .git folder`, {
      hint: 'Run ois in the work tree of a clone.',
    });
  }
  const git = createGit(top, { env });
  const stateDir = join(gitDir, 'ois');
  const [config, values] = await Promise.all([readTeamConfig(top, stateDir), readConfigValues(git)]);
  const identity = identityFrom(values);
  const settings: CloneSettings = {};
  const remoteUrl = values.get(`remote.${REMOTE}.url`);
  const mergeDriver = values.get('merge.ois-chat.driver');
  if (remoteUrl) settings.remoteUrl = remoteUrl;
  if (mergeDriver) settings.mergeDriver = mergeDriver;
  const human = values.get('ois.human')?.trim().toLowerCase();
  if (human) settings.human = human;
  return { top, gitDir, stateDir, git, config, identity, settings };
}

/** The keys openRepo reads, as a POSIX extended regular expression (what `git config --get-regexp` takes). */
const WANTED_KEYS = "^(ois\\.(id|name|gateway|human)|remote\\.origin\\.url|merge\\.ois-chat\\.driver)$";

/** The config values ois reads, in one `git config` call (the last value of a key wins, as in git). */
async function readConfigValues(git: Git): Promise<Map<string, string>> {
  const out = await git.run(['config', '-z', '--get-regexp', WANTED_KEYS]);
  return parseConfigZ(out);
}

/** Parses `git config -z` output: `key\nvalue\0` records (a key alone when it has no value). */
export function parseConfigZ(out: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const record of out.split('\0')) {
    if (!record) continue;
    const cut = record.indexOf('\n');
    const key = (cut === -1 ? record : record.slice(0, cut)).toLowerCase();
    values.set(key, cut === -1 ? '' : record.slice(cut + 1));
  }
  return values;
}

function identityFrom(values: ReadonlyMap<string, string>): Identity | undefined {
  const id = values.get('ois.id')?.trim();
  if (!id) return undefined;
  const name = values.get('ois.name')?.trim() || id;
  const gateway = values.get('ois.gateway')?.trim();
  return gateway ? { id, name, gateway } : { id, name };
}

/**
 * Reads and validates `ois.config.json`; defaults when the file does not exist. With `stateDir`, a
 * config that validated before (same text, same ois) is taken from the clone's cache (config-cache.ts).
 */
export async function readTeamConfig(top: string, stateDir?: string): Promise<TeamConfig> {
  const path = join(top, CONFIG_FILE);
  let text: string | undefined;
  try {
    text = await readIfExists(path);
  } catch (error) {
    throw new OisError('CONFIG_UNREADABLE', `cannot read ${CONFIG_FILE}: ${(error as Error).message}`, {
      hint: 'Check the file permissions.',
      cause: error,
    });
  }
  const source = text ?? '{}';
  const cached = stateDir === undefined ? undefined : await cachedConfig(stateDir, source);
  if (cached) return cached;
  // Loaded only when needed: zod takes a while to load.
  const { validateTeamConfig } = await import('../core/config/validate.js');
  const result = validateTeamConfig(source);
  if (result.ok) {
    if (stateDir !== undefined) await rememberConfig(stateDir, source, result.config);
    return result.config;
  }
  if (text === undefined) throw new Error('the default team config does not validate');
  const lines = result.issues.map(
    (issue) => `${CONFIG_FILE}:${issue.line ?? 1}:${issue.column ?? 1}: ${issue.path}: ${issue.message}`,
  );
  throw new OisError('CONFIG_INVALID', `${CONFIG_FILE} is not valid:\n  ${lines.join('\n  ')}`, {
    hint: 'Fix the file (see docs/config-format.md), or run `ois lint ois.config.json`.',
    data: { issues: result.issues },
  });
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
 */
export async function requireTeam(repo: Pick<Repo, 'top'>): Promise<void> {
  if (await exists(join(repo.top, CONFIG_FILE))) return;
  throw new OisError('NOT_A_TEAM', `${repo.top} is not an ois team repository (no ${CONFIG_FILE})`, {
    hint: 'Run ois in a clone made by `ois join`, or make this repository a team with `ois init . --team NAME` (then commit and push).',
  });
}

/** The URL of `origin`, or NO_REMOTE (asks git again when openRepo saw none: it may have been added since). */
export async function requireRemote(repo: Pick<Repo, 'git' | 'top'> & { settings?: CloneSettings }): Promise<string> {
  const url = repo.settings?.remoteUrl ?? (await repo.git.run(['config', '--get', `remote.${REMOTE}.url`])).trim();
  if (url) return url;
  throw new OisError('NO_REMOTE', `this clone has no remote "${REMOTE}" (${repo.top})`, {
    hint: `Add the team repository with \`git remote add ${REMOTE} URL\`.`,
  });
}
