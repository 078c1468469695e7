import { describeNotice } from '../../core/sync/notices.js';
import type { SyncState } from '../clone/state.js';
import { ok, warn, type CheckResult } from './types.js';

/** Notices younger than this still get a warning (a registry change carried aside, edits kept aside). */
const RECENT_MS = 24 * 60 * 60 * 1000;

/**
 * Pure verdict for `chat`: entries the last cycle held back (a secret, a broken metadata comment) or
 * that wait for their closing `---`, and what the push gate and the guard did in the last day (a
 * registry change not pushed, an edit to another member's entry kept aside). Warn, never fail: the
 * rest of the chat flows.
 *
 * @example judgeChat(state, new Date()).verdict // 'warn' when an entry is held back
 */
export function judgeChat(state: Pick<SyncState, 'held' | 'restored'>, now: Date): CheckResult {
  const title = 'chat and registry held back';
  const held = state.held ?? [];
  const recent = (state.restored ?? []).filter((n) => (n.kind === 'not-pushed' || n.kind === 'kept-original') && now.getTime() - Date.parse(n.at) < RECENT_MS);
  if (held.length === 0 && recent.length === 0) return ok('chat', title, 'nothing held back: every entry the agent wrote is committed');
  const lines = [...held, ...recent].map(describeNotice);
  const fix =
    held.some((n) => n.kind === 'held')
      ? 'Edit the entry at the line shown (remove the secret, or fix or delete the `<!-- ois:entry … -->` line); ois commits it at the next cycle, after the entries already pushed.'
      : recent.some((n) => n.kind === 'not-pushed')
        ? 'Fix the file at the line shown (`ois lint`); ois commits and pushes it once it passes.'
        : 'Read the kept copy (the path shown) and write what it says again as your own entry if it still matters.';
  return warn('chat', title, lines.join('; '), fix);
}
