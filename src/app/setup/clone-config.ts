import { chmod, readFile, rename } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { exists, readIfExists, writeAtomic } from '../../adapters/files.js';
import type { Git } from '../../adapters/git.js';
import { cliEntry, packageRoot } from './package-paths.js';

export const MERGE_DRIVER = 'ois-chat';
const HOOK_MARKER = 'ois:hook v1';

/** The command git runs for `merge=ois-chat` (quoted for git's shell). */
export function mergeDriverCommand(node = process.execPath, cli = cliEntry()): string {
  return `"${node}" "${cli}" merge-driver %O %A %B %P`;
}

/**
 * Defines the chat merge driver in the clone's git config (it is not versioned by git).
 * Returns true when it changed something. `known` is the value openRepo read (saves a git call).
 */
export async function ensureMergeDriver(git: Git, known?: string): Promise<boolean> {
  const wanted = mergeDriverCommand();
  if (known === wanted) return false;
  const current = (await git.run(['config', '--local', '--get', `merge.${MERGE_DRIVER}.driver`])).trim();
  if (current === wanted) return false;
  await git.run(['config', '--local', `merge.${MERGE_DRIVER}.name`, 'ois entry-aware chat log merge']);
  await git.run(['config', '--local', `merge.${MERGE_DRIVER}.driver`, wanted]);
  return true;
}

export type HookInstall = 'installed' | 'up-to-date' | 'chained' | 'hooks-path-elsewhere';

/**
 * Installs the pre-commit hook into the clone's hooks folder. A hook the user already had is kept and
 * run first (moved to `pre-commit.ois-user`). With `core.hooksPath` pointing outside `.git` (husky and
 * friends), ois does not take it over and says so.
 */
export async function ensureHooks(git: Git, gitDir: string, top: string): Promise<HookInstall> {
  const configured = (await git.run(['config', '--get', 'core.hooksPath'])).trim();
  const hooksDir = configured ? (isAbsolute(configured) ? configured : join(top, configured)) : join(gitDir, 'hooks');
  if (configured && !hooksDir.startsWith(gitDir)) return 'hooks-path-elsewhere';
  const target = join(hooksDir, 'pre-commit');
  const wanted = await renderHook();
  const current = await readIfExists(target);
  if (current === wanted) return 'up-to-date';
  let result: HookInstall = 'installed';
  if (current !== undefined && !current.includes(HOOK_MARKER) && !current.includes('.sample')) {
    const kept = join(hooksDir, 'pre-commit.ois-user');
    if (!(await exists(kept))) await rename(target, kept);
    result = 'chained';
  }
  await writeAtomic(target, wanted);
  await chmod(target, 0o755);
  return result;
}

async function renderHook(): Promise<string> {
  const template = await readFile(join(packageRoot(), 'hooks', 'pre-commit.cjs'), 'utf8');
  return template
    .replace('__OIS_NODE__', JSON.stringify(process.execPath))
    .replace('__OIS_CLI__', JSON.stringify(cliEntry()));
}

/** Whether the installed pre-commit hook is ois's (directly). */
export async function hookInstalled(gitDir: string): Promise<boolean> {
  const text = await readIfExists(join(gitDir, 'hooks', 'pre-commit'));
  return text?.includes(HOOK_MARKER) ?? false;
}
