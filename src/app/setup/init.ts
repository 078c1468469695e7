/**
 * `ois init`: a team repository from the templates, idempotent (a second run writes and commits nothing).
 * Git through intent-named operations (core/git/setup.ts), every other side effect through the ports.
 */
import { basename, join, resolve } from 'node:path';
import type { Git } from '../../adapters/git.js';
import { OisError } from '../../core/errors.js';
import { configGet } from '../../core/git/config.js';
import { resolveCommit } from '../../core/git/refs.js';
import { absoluteGitDir, addRemote, commitStaged, initRepository, stagePaths } from '../../core/git/setup.js';
import type { Files, Ports } from '../../ports/index.js';
import type { Identity } from '../../core/identity.js';
import { identityEnv } from '../../core/identity.js';
import { lintRegistryText } from '../../core/registry/lint/index.js';
import { memberSection } from '../../core/registry/member-section.js';
import { parseRegistry } from '../../core/registry/parse.js';
import { placeSection } from '../../core/registry/place.js';
import { pinCiPackage, type CiPin } from './ci-pin.js';
import { ensureHooks, ensureMergeDriver, type HookInstall } from './clone-config.js';
import { ensureNoSymlinkCheckout } from '../safety/symlinks.js';
import { isCleanLine } from '../../core/safe-text.js';
import { ensureCommitter, recordIdentity, validateIdentity } from './identity.js';
import { writeTemplates } from './templates.js';

export interface InitInput {
  dir: string;
  team?: string;
  identity?: Identity;
  remote?: string;
  /** Pin the CI's ois with this npm spec (package-lock.json); nothing pinned when absent. */
  ciPackage?: string;
}

export interface InitResult {
  top: string;
  created: boolean;
  /** Every path written or changed (templates, the founder's section, the CI lock). */
  written: string[];
  commit?: string;
  hooks: HookInstall;
  /** Set when the founder (`identity` with a Gateway) was added to AGENTS.md by this run. */
  registered?: string;
  /** Set when `ciPackage` was given and package.json was written by this run. */
  ciPin?: CiPin;
}

/**
 * `ois init`: makes `dir` a team repository (a new one, or adds the templates to an existing repo),
 * with the merge driver and hooks; with `--id … --gateway …`, the founding member's section goes
 * straight into AGENTS.md (no pull request to oneself); with `ciPackage`, the team's CI gets an exact
 * pinned ois (ci-pin.ts). Commits what it wrote. Running it twice changes nothing. Every side effect
 * goes through `ports` (git through `ports.gitFor`, npm through `ports.processes`).
 */
export async function initTeam(input: InitInput, ports: Ports): Promise<InitResult> {
  const top = resolve(input.dir);
  const team = input.team ?? basename(top);
  checkTeamName(team);
  if (input.identity) validateIdentity(input.identity);
  const { files } = ports;
  await files.mkdir(top);
  const git = ports.gitFor(top);
  const created = !(await files.exists(`${top}/.git`));
  if (created) await git.exec(initRepository('main'));
  const gitDir = await git.exec(absoluteGitDir());
  await ensureNoSymlinkCheckout(git, files, top);
  const written = await writeTemplates(files, top, team);
  const registered = input.identity ? await registerFounder(files, top, input.identity) : undefined;
  if (registered && !written.includes('AGENTS.md')) written.push('AGENTS.md');
  const ciPin = input.ciPackage !== undefined && written.includes('package.json') ? await pinCiPackage(ports, top, input.ciPackage) : undefined;
  if (ciPin?.pinned) written.push('package-lock.json');
  await ensureMergeDriver(git, ports.system);
  const hooks = await ensureHooks(git, ports, gitDir, top);
  if (input.identity) {
    await recordIdentity(git, input.identity);
    await ensureCommitter(git, input.identity);
  }
  if (input.remote) await setRemote(git, input.remote);
  const extra = { ...(registered ? { registered } : {}), ...(ciPin ? { ciPin } : {}) };
  if (written.length === 0) return { top, created, written, hooks, ...extra };
  const author = input.identity ?? { id: 'ois', name: 'ois' };
  await git.exec(stagePaths(written));
  const message = `ois: set up team ${team}\n\n${written.map((p) => `A ${p}`).join('\n')}\n`;
  await git.exec(commitStaged(message, identityEnv(author)));
  const commit = await git.exec(resolveCommit('HEAD'));
  if (commit === undefined) throw new OisError('INIT_FAILED', `git committed nothing in ${top}`, { hint: 'Run `git status` there, then `ois init` again.' });
  return { top, created, written, commit, hooks, ...extra };
}

/** Adds the founder's section to AGENTS.md unless the id is there already; returns the id when it did. */
async function registerFounder(files: Files, top: string, identity: Identity): Promise<string | undefined> {
  if (!identity.gateway) return undefined;
  const path = join(top, 'AGENTS.md');
  const text = (await files.readIfExists(path)) ?? '';
  if (parseRegistry(text).registry.agents.some((agent) => agent.id.toLowerCase() === identity.id.toLowerCase())) return undefined;
  const next = placeSection(text, identity.id, memberSection({ ...identity, gateway: identity.gateway }));
  const lint = lintRegistryText(next);
  if (lint.errorCount > 0) {
    const first = lint.diagnostics.find((d) => d.severity === 'error');
    throw new OisError('INIT_FAILED', `the founding member's section would not pass lint: ${first?.message ?? ''} (${first?.ruleId ?? ''})`, {
      hint: 'Fix --id, --name or --gateway (or AGENTS.md) and run `ois init` again.',
    });
  }
  await files.writeAtomic(path, next);
  return identity.id;
}

async function setRemote(git: Git, url: string): Promise<void> {
  const current = ((await git.exec(configGet('remote.origin.url'))) ?? '').trim();
  if (current === url) return;
  if (current) {
    throw new OisError('USAGE', 'this repository already has a different remote "origin"', {
      hint: 'Change it with `git remote set-url origin URL` if that is what you want.',
    });
  }
  await git.exec(addRemote('origin', url));
}

/** The team name goes into ois.config.json (a JSON string) and every wake: one short clean line, no quote or backslash. */
function checkTeamName(team: string): void {
  if (team !== '' && team.length <= 64 && isCleanLine(team) && !/["\\]/.test(team)) return;
  throw new OisError('USAGE', 'the team name is 1 to 64 characters on one line, without quotes, backslashes or control characters', { hint: 'For example --team acme.' });
}
