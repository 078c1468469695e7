import { isObjectId, type GitOperation } from './operation.js';

/**
 * The git operations of the push queue (docs/sync.md, "When everyone writes at once"): fetching the
 * remote's queue refs with the branch, listing the queued tips the branch does not hold yet, pushing a
 * tip as a new queue ref (a creation: never a force), and deleting queue refs that the branch holds.
 * Pure data (core/git/operation.ts).
 */

const text = (out: Buffer): string => out.toString('utf8');

/** On the remote: `refs/ois/queue/<id>/<sha>`. */
export const REMOTE_QUEUE = 'refs/ois/queue/';
/** In the clone, what the last fetch saw of them: `refs/ois/queued/<id>/<sha>` (pruned with the remote's). */
export const LOCAL_QUEUE = 'refs/ois/queued/';

/**
 * Fetches one branch into its remote-tracking ref and every queue ref into `refs/ois/queued/`, pruning
 * the queued refs the remote deleted; no tags. One round trip, as the plain branch fetch.
 */
export const fetchBranchAndQueue = (remote: string, branch: string, trackingRef: string): GitOperation<void> => ({
  name: 'fetch',
  args: ['fetch', '--no-tags', '--quiet', '--prune', remote, `+refs/heads/${branch}:${trackingRef}`, `+${REMOTE_QUEUE}*:${LOCAL_QUEUE}*`],
  parse: () => undefined,
});

/** A queued tip as the clone knows it. */
export interface QueuedTip {
  sha: string;
  /** `refs/ois/queued/<id>/<sha>`. */
  ref: string;
  /** Its committer time, in seconds. */
  time: number;
}

/**
 * The queued tips that `commit` does (`merged`) or does not (`no-merged`) contain, optionally only those
 * under `refs/ois/queued/<prefix>`.
 */
export const queuedTips = (relation: 'merged' | 'no-merged', commit: string, prefix = ''): GitOperation<QueuedTip[]> => ({
  name: 'for-each-ref',
  args: ['for-each-ref', `--${relation}=${commit}`, '--format=%(objectname) %(committerdate:unix) %(refname)', `${LOCAL_QUEUE}${prefix}`],
  parse: (out) => parseQueuedTips(text(out)),
});

/** @example parseQueuedTips('ab12 1700000000 refs/ois/queued/aria/ab12\n') // [{ sha: 'ab12', time: 1700000000, ref: … }] */
export function parseQueuedTips(output: string): QueuedTip[] {
  const tips: QueuedTip[] = [];
  for (const line of output.split('\n')) {
    const [sha, time, ref] = line.trim().split(' ');
    if (sha && ref && /^[0-9a-f]{40,64}$/.test(sha)) tips.push({ sha, ref, time: Number(time) || 0 });
  }
  return tips;
}

/** Pushes `commit` as the new ref `ref` (it names the commit, so it is always a creation, never an update). */
export const pushQueueRef = (remote: string, commit: string, ref: string): GitOperation<void> => ({
  name: 'push',
  args: ['push', '--quiet', remote, `${commit}:${ref}`],
  parse: () => undefined,
});

/** Deletes `refs` on the remote (refs whose commits the branch already holds: nothing is lost). */
export const deleteRemoteRefs = (remote: string, refs: readonly string[]): GitOperation<void> => ({
  name: 'push',
  args: ['push', '--quiet', remote, ...refs.map((ref) => `:${ref}`)],
  parse: () => undefined,
});

/** The merge base of two commits, or undefined when they share no history. */
export const mergeBase = (a: string, b: string): GitOperation<string | undefined> => ({
  name: 'merge-base',
  args: ['merge-base', a, b],
  okExitCodes: [1],
  settled: isObjectId(a) && isObjectId(b),
  parse: (out) => text(out).trim() || undefined,
});

/** Of `commits`, those no other one contains (`merge-base --independent`). */
export const independentCommits = (commits: readonly string[]): GitOperation<Set<string>> => ({
  name: 'merge-base',
  args: ['merge-base', '--independent', ...commits],
  settled: commits.every(isObjectId),
  parse: (out) => new Set(text(out).split('\n').map((l) => l.trim()).filter(Boolean)),
});
