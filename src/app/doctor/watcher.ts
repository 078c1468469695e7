import { ok, warn, type CheckResult } from './types.js';

/** Pure verdict for `watcher`: the reply of the watcher's lock socket to `ping`, if any. */
export function judgeWatcher(reply: string | undefined): CheckResult {
  if (reply !== undefined) return ok('watcher', 'watcher running', `ois watch answers (${reply})`);
  return warn('watcher', 'watcher running', 'no `ois watch` runs for this clone: nothing is committed or pushed until one does', 'Start it: `ois service install` (runs it as a user service), or `ois watch` in a terminal.');
}
