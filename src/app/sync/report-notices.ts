import type { Logger } from '../../adapters/log.js';
import { describeNotice, isStanding, type SyncNotice } from '../../core/sync/notices.js';

const EVENT: Record<SyncNotice['kind'], string> = {
  restored: 'restored',
  'kept-original': 'kept-aside',
  held: 'held',
  waiting: 'waiting',
  joined: 'joined',
  'not-pushed': 'not-pushed',
};

/**
 * Logs a cycle's notices (warn): every event (an entry restored, an edit kept aside, a commit not
 * pushed as it was) once, and a held or waiting entry when it first appears, not again every cycle.
 *
 * @example const report = noticeReporter(log); report(outcome.notices)
 */
export function noticeReporter(log: Logger): (notices: readonly SyncNotice[]) => void {
  let shown = new Set<string>();
  return (notices) => {
    const standing = new Set<string>();
    for (const notice of notices) {
      const key = `${notice.kind}\0${notice.path}\0${notice.heading ?? ''}\0${notice.message}`;
      if (isStanding(notice)) {
        standing.add(key);
        if (shown.has(key)) continue;
      }
      const level = notice.kind === 'waiting' ? 'info' : 'warn';
      log.log({ level, event: EVENT[notice.kind], message: describeNotice(notice), fields: { path: notice.path, line: notice.line } });
    }
    shown = standing;
  };
}
