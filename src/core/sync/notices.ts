import type { GuardNoticeKind } from '../chatlog/guard.js';

/**
 * What a cycle did to keep the chat append-only and the registry valid, for the log, `ois status`,
 * `ois say` and `ois doctor`: entries restored, edits kept aside, entries held back, or (`not-pushed`)
 * a commit whose registry or config change the push gate carried aside.
 */
export interface SyncNotice {
  kind: GuardNoticeKind | 'not-pushed';
  /** Repository-relative, `/`-separated. */
  path: string;
  line: number;
  column: number;
  /** The entry's heading line, when the notice is about one entry. */
  heading?: string;
  /** What happened and what to do (never a secret). */
  message: string;
  /** Where the edit or the change is kept (`.git/ois/kept/…`, a backup ref). */
  kept?: string;
  /** The commit it is about (the push gate's notices). */
  commit?: string;
}

const VERB: Record<SyncNotice['kind'], string> = {
  restored: 'restored',
  'kept-original': 'edit not committed',
  held: 'held back',
  waiting: 'waiting',
  joined: 'completed',
  'not-pushed': 'not pushed',
};

/**
 * One line: where, what, why, and where the kept text is.
 *
 * @example describeNotice({ kind: 'held', path: 'chat/2026-11-23.md', line: 12, column: 7, heading: '## 14:32 - ARIA', message: '…' })
 * // 'chat/2026-11-23.md:12:7: "## 14:32 - ARIA" held back: …'
 */
export function describeNotice(notice: SyncNotice): string {
  const what = notice.heading ? `"${notice.heading}" ` : notice.commit ? `commit ${notice.commit.slice(0, 8)} ` : '';
  const kept = notice.kept ? ` (kept in ${notice.kept})` : '';
  return `${notice.path}:${notice.line}:${notice.column}: ${what}${VERB[notice.kind]}: ${notice.message}${kept}`;
}

/** Held and waiting entries are a state of the working tree (shown until they go); the other kinds are events. */
export function isStanding(notice: SyncNotice): boolean {
  return notice.kind === 'held' || notice.kind === 'waiting';
}
