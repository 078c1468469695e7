import { mkdir } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { createGit } from '../../adapters/git.js';
import { exists } from '../../adapters/files.js';
import { OisError } from '../../core/errors.js';
import type { Identity } from '../../core/identity.js';
import { identityEnv } from '../../core/identity.js';
import { ensureHooks, ensureMergeDriver, type HookInstall } from './clone-config.js';
import { ensureNoSymlinkCheckout } from '../safety/symlinks.js';
import { isCleanLine } from '../../core/safe-text.js';
import { recordIdentity, validateIdentity } from './identity.js';
import { writeTemplates } from './templates.js';

export interface InitInput {
  dir: string;
  team?: string;
  identity?: Identity;
  remote?: string;
  env: Readonly<Record<string, string | undefined>>;
}

export interface InitResult {
  top: string;
  created: boolean;
  written: string[];
  commit?: string;
  hooks: HookInstall;
}

/**
 * `ois init`: makes `dir` a team repository (a new one, or adds the templates to an existing repo),
 * with the merge driver and hooks, and commits what it wrote. Running it twice changes nothing.
 */
export async function initTeam(input: InitInput): Promise<InitResult> {
  const top = resolve(input.dir);
  const team = input.team ?? basename(top);
  checkTeamName(team);
  if (input.identity) validateIdentity(input.identity);
  await mkdir(top, { recursive: true });
  const git = createGit(top, { env: input.env });
  const created = !(await exists(`${top}/.git`));
  if (created) await git.run(['init', '-q', '-b', 'main']);
  const gitDir = (await git.run(['rev-parse', '--absolute-git-dir'])).trim();
  await ensureNoSymlinkCheckout(git, top);
  const written = await writeTemplates(top, team);
  await ensureMergeDriver(git);
  const hooks = await ensureHooks(git, gitDir, top);
  if (input.identity) await recordIdentity(git, input.identity);
  if (input.remote) await setRemote(git, input.remote);
  if (written.length === 0) return { top, created, written, hooks };
  const author = input.identity ?? { id: 'ois', name: 'ois' };
  await git.run(['--literal-pathspecs', 'add', '--', ...written]);
  const message = `ois: set up team ${team}\n\n${written.map((p) => `A ${p}`).join('\n')}\n`;
  await git.run(['commit', '--no-verify', '-q', '-m', message], { env: identityEnv(author) });
  const commit = (await git.run(['rev-parse', 'HEAD'])).trim();
  return { top, created, written, commit, hooks };
}

async function setRemote(git: ReturnType<typeof createGit>, url: string): Promise<void> {
  const current = (await git.run(['config', '--get', 'remote.origin.url'])).trim();
  if (current === url) return;
  if (current) {
    throw new OisError('USAGE', 'this repository already has a different remote "origin"', {
      hint: 'Change it with `git remote set-url origin URL` if that is what you want.',
    });
  }
  await git.run(['remote', 'add', 'origin', url]);
}

/** The team name goes into ois.config.json (a JSON string) and every wake: one short clean line, no quote or backslash. */
function checkTeamName(team: string): void {
  if (team !== '' && team.length <= 64 && isCleanLine(team) && !/["\\]/.test(team)) return;
  throw new OisError('USAGE', 'the team name is 1 to 64 characters on one line, without quotes, backslashes or control characters', { hint: 'For example --team acme.' });
}
