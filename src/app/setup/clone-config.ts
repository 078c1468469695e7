import { isAbsolute, join } from 'node:path';
import type { Git } from '../../adapters/git.js';
import { configGet, configSet } from '../../core/git/config.js';
import type { Files, System } from '../../ports/index.js';
import { cliEntry, packageRoot } from './package-paths.js';

/**
 * What ois wires into a clone's own (unversioned) git setup: the chat merge driver in its config and
 * the pre-commit hook in its hooks folder, both naming the Node and the ois that run now
 * (`system.execPath`, package-paths.ts). Each `ensure…` changes only what differs, so running it at
 * every start is cheap and idempotent; a hook the user had is kept and chained, never lost.
 */
export const MERGE_DRIVER = 'ois-chat';
const HOOK_MARKER = 'ois:hook v1';

/** The command git runs for `merge=ois-chat` (quoted for git's shell). `node`: the Node that runs ois. */
export function mergeDriverCommand(node: string, cli = cliEntry()): string {
  return `"${node}" "${cli}" merge-driver %O %A %B %P`;
}

/**
 * Defines the chat merge driver in the clone's git config (it is not versioned by git).
 * Returns true when it changed something. `known` is the value openRepo read (saves a git call).
 */
export async function ensureMergeDriver(git: Git, system: Pick<System, 'execPath'>, known?: string): Promise<boolean> {
  const wanted = mergeDriverCommand(system.execPath);
  if (known === wanted) return false;
  const current = (await git.exec(configGet(`merge.${MERGE_DRIVER}.driver`, { local: true }))) ?? '';
  if (current === wanted) return false;
  await git.exec(configSet(`merge.${MERGE_DRIVER}.name`, 'ois entry-aware chat log merge'));
  await git.exec(configSet(`merge.${MERGE_DRIVER}.driver`, wanted));
  return true;
}

export type HookInstall = 'installed' | 'up-to-date' | 'chained' | 'hooks-path-elsewhere';

/**
 * Installs the pre-commit hook into the clone's hooks folder. A hook the user already had is kept and
 * run first (moved to `pre-commit.ois-user`). With `core.hooksPath` pointing outside `.git` (husky and
 * friends), ois does not take it over and says so.
 */
export async function ensureHooks(git: Git, ports: { files: Files; system: Pick<System, 'execPath'> }, gitDir: string, top: string): Promise<HookInstall> {
  const { files } = ports;
  const configured = (await git.exec(configGet('core.hooksPath'))) ?? '';
  const hooksDir = configured ? (isAbsolute(configured) ? configured : join(top, configured)) : join(gitDir, 'hooks');
  if (configured && !hooksDir.startsWith(gitDir)) return 'hooks-path-elsewhere';
  const target = join(hooksDir, 'pre-commit');
  const wanted = await renderHook(files, ports.system.execPath);
  const current = await files.readIfExists(target);
  if (current === wanted) return 'up-to-date';
  let result: HookInstall = 'installed';
  if (current !== undefined && !current.includes(HOOK_MARKER) && !current.includes('.sample')) {
    const kept = join(hooksDir, 'pre-commit.ois-user');
    if (!(await files.exists(kept))) await files.rename(target, kept);
    result = 'chained';
  }
  await files.writeAtomic(target, wanted);
  await files.chmod(target, 0o755);
  return result;
}

async function renderHook(files: Files, node: string): Promise<string> {
  const template = await files.readText(join(packageRoot(), 'hooks', 'pre-commit.cjs'));
  return template
    .replace('__OIS_NODE__', JSON.stringify(node))
    .replace('__OIS_CLI__', JSON.stringify(cliEntry()));
}

/** Whether the installed pre-commit hook is ois's (directly). */
export async function hookInstalled(files: Files, gitDir: string): Promise<boolean> {
  const text = await files.readIfExists(join(gitDir, 'hooks', 'pre-commit'));
  return text?.includes(HOOK_MARKER) ?? false;
}
