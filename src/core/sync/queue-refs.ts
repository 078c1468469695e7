import { LOCAL_QUEUE, REMOTE_QUEUE } from '../git/queue.js';
import { isChatLog } from './message.js';
import type { RawCommit } from './raw-log.js';

/**
 * The push queue's names and bounds (see core/sync/queue.ts for its rules; this file loads without the
 * chat parser, for the exchange's hot path). The two ref folders are core/git/queue.ts's, where the
 * fetch that maps one onto the other is spelled.
 */

/** Queued tips taken into one merge at most (the oldest first). */
export const MAX_QUEUED_TIPS = 32;
/** Commits one queued tip may bring at most. */
export const MAX_QUEUED_COMMITS = 50;

/** The remote ref a member's tip is queued as. @example queueRefName('aria', 'ab12…') // 'refs/ois/queue/aria/ab12…' */
export function queueRefName(id: string, sha: string): string {
  return `${REMOTE_QUEUE}${id}/${sha}`;
}

/** The member a queued ref names (`refs/ois/queued/<id>/<sha>`), if well formed. */
export function queuedBy(ref: string): string | undefined {
  const rest = ref.startsWith(LOCAL_QUEUE) ? ref.slice(LOCAL_QUEUE.length) : ref.startsWith(REMOTE_QUEUE) ? ref.slice(REMOTE_QUEUE.length) : undefined;
  return rest === undefined ? undefined : /^([a-z0-9][a-z0-9-]{0,62})\/[0-9a-f]{40,64}$/.exec(rest)?.[1];
}

/** The remote's name of a queued ref as fetched (`refs/ois/queued/…` → `refs/ois/queue/…`). */
export function remoteQueueRef(localRef: string): string {
  return localRef.startsWith(LOCAL_QUEUE) ? `${REMOTE_QUEUE}${localRef.slice(LOCAL_QUEUE.length)}` : localRef;
}

/** Whether a range about to be queued only changes chat day files (and deletes none). */
export function chatOnly(commits: readonly RawCommit[]): boolean {
  return commits.every((c) => c.changes.every((f) => isChatLog(f.path) && f.after !== undefined));
}


/** How many times a queued writer waits for the leader's merge before merging itself. */
export const LEADER_WAITS = 3;
/** A queued tip older than this (its committer time) no longer leads: its writer may be gone. */
export const LEADER_FRESH_MS = 60_000;

/**
 * Whether a writer whose own tip is queued should build the merge now or wait one slot for the
 * leader's: the leader is the member of the oldest fresh pending tip (everyone who fetched the same
 * refs agrees), so that one merge, not twelve racing ones, takes the queue. A writer waits at most
 * LEADER_WAITS times, then merges itself (the leader may have crashed); a writer with nothing queued
 * never waits.
 *
 * @example mergeNow({ self: 'hkh', ownQueued: true, pending: [{ ref: 'refs/ois/queued/aria/…', time }], nowMs, waited: 0 }) // false: aria leads
 */
export function mergeNow(input: { self: string; ownQueued: boolean; pending: ReadonlyArray<{ ref: string; time: number }>; nowMs: number; waited: number }): boolean {
  if (!input.ownQueued || input.waited >= LEADER_WAITS) return true;
  const fresh = input.pending
    .filter((t) => queuedBy(t.ref) !== undefined && input.nowMs - t.time * 1000 <= LEADER_FRESH_MS)
    .sort((a, b) => a.time - b.time || a.ref.localeCompare(b.ref));
  const leader = fresh[0] === undefined ? undefined : queuedBy(fresh[0].ref);
  return leader === undefined || leader === input.self;
}
