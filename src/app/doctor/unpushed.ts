import type { SyncState } from '../clone/state.js';
import { fail, ok, warn, type CheckResult } from './types.js';

/** Commits younger than this are in flight, not a problem. */
export const UNPUSHED_WARN_SECONDS = 5 * 60;
/** Commits older than this mean the sync is stuck. */
export const UNPUSHED_FAIL_SECONDS = 60 * 60;

/** Pure verdict for `unpushed`: how many local commits the remote lacks, and how old the oldest is. */
export function judgeUnpushed(commits: number, oldestAgeSeconds: number | undefined, lastError: SyncState['lastError']): CheckResult {
  const title = 'unpushed commits';
  if (commits === 0) return ok('unpushed', title, 'none: everything is on the remote');
  const age = oldestAgeSeconds ?? 0;
  const detail = `${commits} commit${commits === 1 ? '' : 's'}, the oldest ${formatAge(age)} old${lastError ? `; last error: ${lastError.message} (${lastError.code})` : ''}`;
  const fix = lastError?.hint ?? 'Run `ois sync` to see why they are not pushed (nothing is lost: they stay on the branch).';
  if (age < UNPUSHED_WARN_SECONDS) return ok('unpushed', title, `${detail} (in flight)`);
  if (age < UNPUSHED_FAIL_SECONDS) return warn('unpushed', title, detail, fix);
  return fail('unpushed', title, detail, fix);
}

/** @example formatAge(90) // '90 s' */
export function formatAge(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} days`;
}
