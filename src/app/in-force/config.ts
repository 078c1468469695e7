import { objectInfo, readBlobs } from '../../core/git/objects.js';
import { resolveCommit as resolveRev } from '../../core/git/refs.js';
import type { Files, Git } from '../../ports/index.js';
import { readCloneFile } from '../safety/clone-file.js';
import { MAX_CONFIG_BYTES } from '../../core/config/limits.js';
import type { TeamConfig } from '../../core/config/team.js';
import type { ConfigResult } from '../../core/config/validate.js';
import { OisError } from '../../core/errors.js';
import { cachedConfig, rememberConfig } from '../clone/config-cache.js';
import { fileHistory } from './history.js';
import type { FileProblem } from './problem.js';

export const CONFIG_FILE = 'ois.config.json';

export interface ConfigInForce {
  config: TeamConfig;
  problem?: FileProblem;
}

/**
 * The team config in force for the clone at `top`: `ois.config.json` of the working tree when it is
 * valid (defaults when there is none); else the last valid version from the file's history (an
 * uncommitted edit falls back to HEAD's), else ois's defaults. A pushed config that fails validation,
 * is over MAX_CONFIG_BYTES, or is not a plain file (a folder, a symbolic link) thus degrades: every
 * ois command keeps working, and the problem names the file, line, commit and author. Throws only
 * CONFIG_UNREADABLE, for a file this machine cannot read (permissions).
 *
 * @example const { config, problem } = await configInForce(repo.git, repo.ports.files, repo.top, repo.stateDir)
 */
export async function configInForce(git: Git | undefined, files: Files, top: string, stateDir?: string): Promise<ConfigInForce> {
  let found: Awaited<ReturnType<typeof readCloneFile>>;
  try {
    found = await readCloneFile(files, top, CONFIG_FILE, MAX_CONFIG_BYTES);
  } catch (error) {
    throw new OisError('CONFIG_UNREADABLE', `cannot read ${CONFIG_FILE}: ${(error as Error).message}`, { hint: 'Check the file permissions.', cause: error });
  }
  // A tracked config deleted (by a pull or by hand) is not "no config": the last valid version stays.
  if (found.kind === 'missing' && git !== undefined) {
    const deleted = await deletedConfig(git);
    if (deleted !== undefined) return deleted;
  }
  const source = found.kind === 'file' ? found.text : found.kind === 'missing' ? '{}' : undefined;
  if (source !== undefined) {
    const cached = stateDir === undefined ? undefined : await cachedConfig(files, stateDir, source);
    if (cached) return { config: cached };
  }
  // Loaded only when needed: zod takes a while to load.
  const { validateTeamConfig } = await import('../../core/config/validate.js');
  const result: ConfigResult =
    source === undefined
      ? { ok: false, issues: [{ path: '(root)', message: found.kind === 'refused' ? found.reason : 'not a file', line: 1, column: 1 }] }
      : validateTeamConfig(source);
  if (result.ok) {
    if (stateDir !== undefined && source !== undefined) await rememberConfig(files, stateDir, source, result.config);
    return { config: result.config };
  }
  const issue = result.issues[0];
  const base = { file: CONFIG_FILE, line: issue?.line ?? 1, column: issue?.column ?? 1, message: `${issue?.path ?? '(root)'}: ${issue?.message ?? 'not valid'}` } as const;
  const defaults = validateTeamConfig('{}');
  if (!defaults.ok) throw new Error('the default team config does not validate');
  if (git === undefined) return { config: defaults.config, problem: { ...base, fallback: 'defaults' } };
  const history = await fileHistory(git, 'HEAD', CONFIG_FILE);
  const [head] = await git.exec(objectInfo([`HEAD:${CONFIG_FILE}`]));
  const headText = head?.type === 'blob' && head.size <= MAX_CONFIG_BYTES ? (await git.exec(readBlobs([head.sha])))[0] : undefined;
  // The working tree holds what HEAD holds (a pulled or committed version), or an edit not committed yet.
  const committed = found.kind === 'file' ? headText === found.text : head !== undefined && head.type !== 'blob';
  const culprit = committed ? history[0] : undefined;
  const problem: FileProblem = culprit === undefined ? { ...base } : { ...base, commit: culprit.commit, author: culprit.author };
  const candidates = committed ? history.slice(1) : [{ commit: 'HEAD', author: '', object: head?.type === 'blob' ? head : undefined }, ...history.slice(1)];
  for (const version of candidates) {
    // A version without the file: the defaults were in force then.
    if (version.object === undefined) return { config: defaults.config, problem: { ...problem, inForce: await resolveCommit(git, version.commit) } };
    if (version.object.size > MAX_CONFIG_BYTES) continue;
    const [text] = await git.exec(readBlobs([version.object.sha]));
    const valid = text === undefined ? undefined : validateTeamConfig(text);
    if (valid?.ok) return { config: valid.config, problem: { ...problem, inForce: await resolveCommit(git, version.commit) } };
  }
  return { config: defaults.config, problem: { ...problem, fallback: 'defaults' } };
}

async function resolveCommit(git: Git, rev: string): Promise<string> {
  if (rev !== 'HEAD') return rev;
  return (await git.exec(resolveRev('HEAD')).catch(() => undefined)) ?? 'HEAD';
}

/** When ois.config.json is missing from the working tree but tracked, or was deleted by a commit: what stays in force. */
async function deletedConfig(git: Git): Promise<ConfigInForce | undefined> {
  const [head] = await git.exec(objectInfo([`HEAD:${CONFIG_FILE}`]));
  const base = { file: CONFIG_FILE, line: 1, column: 1, message: `${CONFIG_FILE} was deleted (or replaced by something that is not a file)` } as const;
  if (head?.type === 'blob') {
    const atHead = await configAtRev(git, 'HEAD');
    return { config: atHead.config, problem: { ...base, inForce: await resolveCommit(git, 'HEAD') } };
  }
  const history = await fileHistory(git, 'HEAD', CONFIG_FILE, 1);
  const culprit = history[0];
  if (culprit === undefined) return undefined; // never had one: the defaults, and nothing wrong
  const before = await configAtRev(git, `${culprit.commit}^`);
  const problem: FileProblem = { ...base, commit: culprit.commit, author: culprit.author, ...(before.inForce === undefined ? { fallback: 'defaults' as const } : { inForce: before.inForce }) };
  return { config: before.config, problem };
}

/**
 * The config in force at a commit (no working tree): `rev:ois.config.json` when valid, else its last
 * valid version in history, else the defaults. For reading a team's settings from a fetched branch
 * (`ois join`) where a bad pushed config must not stop anyone either.
 *
 * @example const { config, problem } = await configAtRev(git, 'refs/remotes/origin/main')
 */
export async function configAtRev(git: Git, rev: string): Promise<ConfigInForce & { inForce?: string }> {
  const { validateTeamConfig } = await import('../../core/config/validate.js');
  const defaults = validateTeamConfig('{}');
  if (!defaults.ok) throw new Error('the default team config does not validate');
  const history = await fileHistory(git, rev, CONFIG_FILE);
  let problem: FileProblem | undefined;
  for (const version of history) {
    if (version.object === undefined) return { config: defaults.config, ...(problem ? { problem: { ...problem, inForce: version.commit } } : {}), inForce: version.commit };
    const [text] = version.object.size > MAX_CONFIG_BYTES ? [undefined] : await git.exec(readBlobs([version.object.sha]));
    const result = text === undefined ? undefined : validateTeamConfig(text);
    if (result?.ok) return { config: result.config, ...(problem ? { problem: { ...problem, inForce: version.commit } } : {}), inForce: version.commit };
    if (problem === undefined) {
      const issue = result?.ok === false ? result.issues[0] : undefined;
      problem = { file: CONFIG_FILE, line: issue?.line ?? 1, column: issue?.column ?? 1, message: issue === undefined ? `the file is over ${MAX_CONFIG_BYTES / 1024} KiB` : `${issue.path}: ${issue.message}`, commit: version.commit, author: version.author };
    }
  }
  return { config: defaults.config, ...(problem ? { problem: { ...problem, fallback: 'defaults' as const } } : {}) };
}
