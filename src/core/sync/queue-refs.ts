import { isChatLog } from './message.js';
import type { RawCommit } from './raw-log.js';

/**
 * The push queue's names and bounds (see core/sync/queue.ts for its rules; this file loads without the
 * chat parser, for the exchange's hot path).
 */

/** Queued tips taken into one merge at most (the oldest first). */
export const MAX_QUEUED_TIPS = 32;
/** Commits one queued tip may bring at most. */
export const MAX_QUEUED_COMMITS = 50;

/** The remote ref a member's tip is queued as. @example queueRefName('aria', 'ab12…') // 'refs/ois/queue/aria/ab12…' */
export function queueRefName(id: string, sha: string): string {
  return `refs/ois/queue/${id}/${sha}`;
}

/** The member a queued ref names (`refs/ois/queued/<id>/<sha>`), if well formed. */
export function queuedBy(ref: string): string | undefined {
  return /^refs\/ois\/queued?\/([a-z0-9][a-z0-9-]{0,62})\/[0-9a-f]{40,64}$/.exec(ref)?.[1];
}

/** The remote's name of a queued ref as fetched (`refs/ois/queued/…` → `refs/ois/queue/…`). */
export function remoteQueueRef(localRef: string): string {
  return localRef.replace(/^refs\/ois\/queued\//, 'refs/ois/queue/');
}

/** Whether a range about to be queued only changes chat day files (and deletes none). */
export function chatOnly(commits: readonly RawCommit[]): boolean {
  return commits.every((c) => c.changes.every((f) => isChatLog(f.path) && f.after !== undefined));
}

