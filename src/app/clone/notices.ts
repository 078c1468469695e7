import type { SyncNotice } from '../../core/sync/notices.js';
import { readState, type StateHome } from './state.js';

/**
 * What a cycle run elsewhere (the watcher) reported: the entries held back or waiting now, and the
 * restorations recorded at or after `since` (ISO time), from `.git/ois/status.json`.
 *
 * @example const notices = await noticesSince(repo, startedAt)
 */
export async function noticesSince(home: StateHome, since: string): Promise<SyncNotice[]> {
  const state = await readState(home);
  const recent = (state.restored ?? []).filter((n) => n.at >= since).map(({ at: _at, ...notice }) => notice);
  return [...(state.held ?? []), ...recent];
}
