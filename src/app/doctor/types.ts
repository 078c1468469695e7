/** A check's verdict: `fail` makes `ois doctor` exit 1, `warn` does not. */
export type Verdict = 'ok' | 'warn' | 'fail';

/**
 * One line of `ois doctor`: what was checked, the verdict, what was found and, unless ok, the fix in
 * words. Never carries a token (checks only ever say where a token comes from).
 */
export interface CheckResult {
  /** Stable id: `git-version`, `remote-writable`, `token:bob` … (documented in docs/operate.md). */
  id: string;
  /** What is checked, for humans. */
  title: string;
  verdict: Verdict;
  /** What was found. */
  detail: string;
  /** What to do about it (absent when ok). */
  fix?: string;
  /** The peer a per-peer check is about. */
  peer?: string;
  /** Set when the doctor fixed what it found (a merge driver, hook or service file naming a moved ois). */
  repaired?: boolean;
}

export const ok = (id: string, title: string, detail: string): CheckResult => ({ id, title, verdict: 'ok', detail });

export const warn = (id: string, title: string, detail: string, fix: string): CheckResult => ({ id, title, verdict: 'warn', detail, fix });

export const fail = (id: string, title: string, detail: string, fix: string): CheckResult => ({ id, title, verdict: 'fail', detail, fix });

/** Counts per verdict and whether any check failed. */
export function summarize(checks: readonly CheckResult[]): { ok: number; warn: number; fail: number } {
  const counts = { ok: 0, warn: 0, fail: 0 };
  for (const check of checks) counts[check.verdict] += 1;
  return counts;
}
