import { join } from 'node:path';
import { createGit, GitCommandError, type Git } from '../adapters/git.js';
import { readIfExists } from '../adapters/files.js';
import { validateTeamConfig } from '../core/config/validate.js';
import type { TeamConfig } from '../core/config/team.js';
import { OisError } from '../core/errors.js';
import type { Identity } from '../core/identity.js';

export const CONFIG_FILE = 'ois.config.json';
export const REMOTE = 'origin';

/** An opened clone: where it is, its git, its team config and (if set up) who it writes as. */
export interface Repo {
  top: string;
  gitDir: string;
  /** `.git/ois`: machine-local state (status, logs, lock). Never tracked. */
  stateDir: string;
  git: Git;
  config: TeamConfig;
  identity: Identity | undefined;
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
  const config = await readTeamConfig(top);
  const identity = await readIdentity(git);
  return { top, gitDir, stateDir: join(gitDir, 'ois'), git, config, identity };
}

/** Reads and validates `ois.config.json`; defaults when the file does not exist. */
export async function readTeamConfig(top: string): Promise<TeamConfig> {
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
  if (text === undefined) return defaults();
  const result = validateTeamConfig(text);
  if (result.ok) return result.config;
  const lines = result.issues.map(
    (issue) => `${CONFIG_FILE}:${issue.line ?? 1}:${issue.column ?? 1}: ${issue.path}: ${issue.message}`,
  );
  throw new OisError('CONFIG_INVALID', `${CONFIG_FILE} is not valid:\n  ${lines.join('\n  ')}`, {
    hint: 'Fix the file (see docs/config-format.md), or run `ois lint ois.config.json`.',
    data: { issues: result.issues },
  });
}

function defaults(): TeamConfig {
  const result = validateTeamConfig('{}');
  if (!result.ok) throw new Error('the default team config does not validate');
  return result.config;
}

/** The identity recorded in the clone's git config, if any. */
export async function readIdentity(git: Git): Promise<Identity | undefined> {
  const get = async (key: string): Promise<string> => (await git.run(['config', '--get', key])).trim();
  const [id, name, gateway] = await Promise.all([get('ois.id'), get('ois.name'), get('ois.gateway')]);
  if (!id) return undefined;
  return gateway ? { id, name: name || id, gateway } : { id, name: name || id };
}

export function requireIdentity(repo: Repo): Identity {
  if (repo.identity) return repo.identity;
  throw new OisError('NO_IDENTITY', `this clone has no ois identity (${repo.top})`, {
    hint: 'Set it up with `ois join REMOTE DIR --id ID --name NAME --gateway URL`, or in this clone with `git config ois.id ID && git config ois.name NAME`.',
  });
}

/** The URL of `origin`, or NO_REMOTE. */
export async function requireRemote(repo: Repo): Promise<string> {
  const url = (await repo.git.run(['config', '--get', `remote.${REMOTE}.url`])).trim();
  if (url) return url;
  throw new OisError('NO_REMOTE', `this clone has no remote "${REMOTE}" (${repo.top})`, {
    hint: `Add the team repository with \`git remote add ${REMOTE} URL\`.`,
  });
}
