import { join } from 'node:path';
import { rawChanges } from '../../core/git/history.js';
import { deleteRemoteRefs, LOCAL_QUEUE, pushQueueRef, queuedTips, type QueuedTip } from '../../core/git/queue.js';
import { deleteRef, resolveCommit, updateRef } from '../../core/git/refs.js';
import type { Identity } from '../../core/identity.js';
import type { Pushed } from '../../core/sync/plan.js';
import { chatOnly, LEADER_WAITS, MAX_QUEUED_COMMITS, mergeNow, queuedBy, queueRefName, remoteQueueRef } from '../../core/sync/queue-refs.js';
import { REMOTE, type Repo } from '../clone/repo.js';

import { scratchOf } from './merge-trees.js';

/**
 * The push queue of one exchange (core/sync/queue.ts has the rules): `enqueue` after a rejected push,
 * `integrate` after a fetch with commits to push, `pushed` after a push to the branch went out. The
 * queue only ever speeds things up: each of its failures leaves the exchange as it would be without
 * it (fetch, replay, push again), and nothing it does is a force.
 */
export interface PushQueue {
  /**
   * Pushes `range.to` as this member's queue ref when the range changes chat alone; the range queued,
   * or undefined. `meanwhile` runs alongside that push (the executor fetches the branch then) and is
   * awaited; its failure is ignored.
   */
  enqueue(range: Pushed, meanwhile?: () => Promise<unknown>): Promise<Pushed | undefined>;
  /** The merge of the queued pushes `remote` lacks onto it (objects only), or undefined. */
  integrate(remote: string): Promise<string | undefined>;
  /**
   * Whether to build that merge now, or wait one slot for the leader's (core/sync/queue-refs.ts
   * `mergeNow`); `waited`: how many slots this fetch step waited already.
   */
  mergeNow(remote: string, waited: number): Promise<boolean>;
  /** After a push of `commit`: deletes this member's queue refs that it holds (on the remote and here). */
  pushed(commit: string): Promise<void>;
  /**
   * After a fetch: the same for this member's queue refs that `remote` holds (someone else's push took
   * them). Costs nothing when this clone has none (no git process).
   */
  tidy(remote: string): Promise<void>;
}

export function createPushQueue(repo: Pick<Repo, 'git' | 'gitDir' | 'stateDir' | 'ports'>, identity: Identity): PushQueue {
  const { git } = repo;
  let own = false;
  /** Whether this exchange queued a tip of its own (it then lets the leader merge first). */
  let queuedHere = false;
  /** What `mergeNow` listed (the tips `remote` lacks), for the `integrate` that follows it. */
  let listed: { remote: string; tips: QueuedTip[] } | undefined;
  const drop = async (commit: string): Promise<void> => {
    try {
      const mine = (await git.exec(queuedTips('merged', commit, `${identity.id}/`))).filter((t) => queuedBy(t.ref) === identity.id);
      if (mine.length === 0) return;
      await git.exec(deleteRemoteRefs(REMOTE, mine.map((t) => remoteQueueRef(t.ref))));
      for (const tip of mine) await git.exec(deleteRef(tip.ref));
    } catch {
      // Left for a later push: a queue ref the branch holds is never merged again.
    }
  };
  return {
    async enqueue(range, meanwhile) {
      if (range.from === undefined || range.from === range.to) return undefined;
      const ref = queueRefName(identity.id, range.to);
      const local = `${LOCAL_QUEUE}${identity.id}/${range.to}`;
      try {
        // Queued before (an earlier attempt or cycle): its peers were woken then.
        if ((await git.exec(resolveCommit(local))) !== undefined) return undefined;
        const commits = await git.exec(rawChanges([`--max-count=${MAX_QUEUED_COMMITS + 1}`, range.to, `^${range.from}`], []));
        if (commits.length === 0 || commits.length > MAX_QUEUED_COMMITS || !chatOnly(commits)) return undefined;
        await Promise.all([git.exec(pushQueueRef(REMOTE, range.to, ref)), meanwhile?.().catch(() => undefined)]);
        await git.exec(updateRef(local, range.to));
        own = true;
        queuedHere = true;
        return range;
      } catch {
        return undefined;
      }
    },
    async integrate(remote) {
      // Loaded when needed: the integration reads the chat parser. The tips `mergeNow` listed just now, if it did.
      const tips = listed?.remote === remote ? listed.tips : undefined;
      listed = undefined;
      const merged = await import('./integrate.js')
        .then(({ integrateQueued }) => integrateQueued(git, identity, remote, scratchOf(repo), tips))
        .catch(() => undefined);
      if (merged === undefined) return undefined;
      if (merged.taken.length > 0) own = true; // ours may be among them: `pushed` looks
      return merged.commit;
    },
    async mergeNow(remote, waited) {
      listed = undefined;
      if (!queuedHere || waited >= LEADER_WAITS) return true;
      const pending = await git.exec(queuedTips('no-merged', remote)).catch(() => undefined);
      if (pending === undefined) return true; // the merge lists them itself
      listed = { remote, tips: pending };
      const mine = pending.some((t) => queuedBy(t.ref) === identity.id);
      return mergeNow({ self: identity.id, ownQueued: mine, pending, nowMs: repo.ports.clock.now().getTime(), waited });
    },
    async pushed(commit) {
      if (!own) return;
      own = false;
      await drop(commit);
    },
    async tidy(remote) {
      // Loose refs (as a fetch writes them): their folder tells whether there is anything to look at.
      const names = await repo.ports.files.list(join(repo.gitDir, LOCAL_QUEUE, identity.id)).catch(() => undefined);
      if (names !== undefined && names.length > 0) await drop(remote);
    },
  };
}
