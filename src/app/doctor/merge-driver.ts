/**
 * The `merge-driver` check of `ois doctor`: a pure verdict, and the probe that reads the clone's own config.
 */
import type { Git } from '../../adapters/git.js';
import { configGet } from '../../core/git/config.js';
import type { System } from '../../ports/index.js';
import { MERGE_DRIVER, mergeDriverCommand } from '../setup/clone-config.js';
import { fail, ok, warn, type CheckResult } from './types.js';

const ID = 'merge-driver';
const TITLE = 'chat merge driver';

/**
 * Pure: the configured `merge.ois-chat.driver` against the command ois would write. A command naming
 * another node or ois installation still works when those files exist (`exists`), so it only warns.
 */
export function judgeMergeDriver(current: string, wanted: string, exists: (path: string) => boolean): CheckResult {
  const fix = `Run \`ois watch\` once (it installs the driver at start), or: git config merge.${MERGE_DRIVER}.driver '${wanted}'`;
  if (current === '') return fail(ID, TITLE, `merge.${MERGE_DRIVER}.driver is not defined: chat logs would conflict instead of merging entry by entry`, fix);
  if (current === wanted) return ok(ID, TITLE, `merge.${MERGE_DRIVER}.driver is ois's`);
  const paths = driverPaths(current);
  if (paths.length === 2 && paths.every(exists) && /merge-driver %O %A %B/.test(current)) {
    return warn(ID, TITLE, `merge.${MERGE_DRIVER}.driver runs another node or ois installation (${paths.join(' ')})`, fix);
  }
  return fail(ID, TITLE, `merge.${MERGE_DRIVER}.driver is "${current}", which is not a working ois merge driver`, fix);
}

/** The merge driver the clone's own config defines, and the one ois (run by `system.execPath`) would write. */
/** The node and ois a driver command names (its first two quoted words). @example driverPaths('"/n" "/c" merge-driver %O') // ['/n', '/c'] */
export function driverPaths(command: string): string[] {
  return [...command.matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? '').slice(0, 2);
}

export async function readMergeDriver(git: Git, system: Pick<System, 'execPath'>): Promise<{ current: string; wanted: string }> {
  const current = ((await git.exec(configGet(`merge.${MERGE_DRIVER}.driver`, { local: true })).catch(() => undefined)) ?? '').trim();
  return { current, wanted: mergeDriverCommand(system.execPath) };
}
