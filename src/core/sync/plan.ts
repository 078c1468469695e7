import { contentionDelay } from '../backoff.js';
import { OisError } from '../errors.js';
import { classify, type Relation } from './classify.js';
import { remoteError, type RemoteFailed } from './failures.js';
import type { SyncNotice } from './notices.js';
import type { PendingCommit, SyncSnapshot } from './snapshot.js';

/**
 * The sync's planner: given a snapshot (core/sync/snapshot.ts), the next step of an exchange; given a
 * step's outcome, the next snapshot. Pure, so each decision is tested over snapshots in milliseconds
 * (test/unit/sync/plan.test.ts); the executor (app/sync/exchange.ts) only runs the steps.
 *
 * What it guarantees, whatever git answers:
 * - the work is committed before the network is touched (the first step of attempt 0 is `commit`);
 * - the work tree changes only under the guard, right after a commit step in the same hold (no
 *   append by `ois say` between that commit and the work-tree update): a fast-forward, the move to a
 *   replayed tip, or, on an unborn branch, a checkout git refuses when it would overwrite a file;
 * - diverged: our commits are replayed onto the remote's as objects only (the executor writes the
 *   backup ref first), gated and pushed *before* the branch and work tree move (the window in which
 *   another writer can win the race is a replay and a push, not also a commit and a work-tree
 *   update); then, under the guard, what was written meanwhile is committed, replayed onto the pushed
 *   commit, and the branch and work tree move there; that follow-up commit goes with the next cycle
 *   (its own file event or the next poll starts it). A gate that wants to rewrite commits gets the
 *   branch moved first;
 * - every push except the one commit the guarded step just made on top of the remote goes through the
 *   push gate; a push is never forced: a rejection means fetch, integrate and push again, after a
 *   back-off by observed contention, at most `retries` times, then PUSH_REJECTED (commits kept);
 * - a failed fetch or push stops with a typed error (core/sync/failures.ts).
 */

export type Step =
  /** Commit what changed in the work tree (under the guard). */
  | { kind: 'commit' }
  /** Pushing first: read HEAD and the remote-tracking branch; with `count`, whether HEAD has unpushed commits. */
  | { kind: 'inspect'; count: boolean }
  /** Fetch the branch and compare HEAD with it. */
  | { kind: 'fetch' }
  /** The branch only lacks the remote's commits: move it and the work tree from `from` to `to` (under the guard). */
  | { kind: 'fast-forward'; from: string; to: string }
  /**
   * Both sides have commits: back up `from`, replay its commits onto `onto` as objects (the branch and
   * work tree stay). `guarded` when it runs while settling (inside the guard's hold).
   */
  | { kind: 'replay'; from: string; onto: string; guarded: boolean }
  /** Move the branch and the work tree from `from` to the replayed `to` (under the guard). */
  | { kind: 'move'; from: string; to: string }
  /** An unborn branch: take the remote's history (under the guard). */
  | { kind: 'checkout'; to: string }
  /**
   * Check the commits about to be pushed (DESIGN.md §4's push gate); may rewrite them, only when
   * `moved` (the branch is at `range.to`); otherwise a rewrite is answered `gate-blocked`.
   */
  | { kind: 'gate'; range: { from?: string; to: string }; dirty: readonly string[]; moved: boolean }
  | { kind: 'push'; commit: string }
  | { kind: 'back-off'; ms: number }
  | { kind: 'done'; result: ExchangeResult }
  | { kind: 'stop'; error: OisError };

/** The steps that run while appends by `ois say` wait (LocalSteps.guard); the executor holds it across consecutive ones. */
export function isGuarded(step: Step): boolean {
  if (step.kind === 'replay') return step.guarded;
  return step.kind === 'commit' || step.kind === 'fast-forward' || step.kind === 'move' || step.kind === 'checkout';
}

export type Outcome =
  | { kind: 'committed'; commit: PendingCommit }
  | { kind: 'inspected'; head?: string; remote?: string; unpushed?: number }
  /** `remote` undefined: the remote has no such branch. `counts` when both exist and differ. */
  | { kind: 'fetched'; head?: string; remote?: string; counts?: { ahead: number; behind: number }; upstream?: string }
  | { kind: 'integrated'; head: string; notices: readonly SyncNotice[] }
  | { kind: 'replayed'; head: string }
  | { kind: 'gated'; head: string; notices: readonly SyncNotice[] }
  | { kind: 'gate-blocked' }
  | { kind: 'pushed'; commit: string }
  /**
   * `roundMs`: how long this attempt took from its fetch (or first push) to the rejection. `queued`: the
   * range the executor then pushed as a queue ref (and woke the peers for).
   */
  | { kind: 'rejected'; roundMs: number; queued?: Pushed }
  | { kind: 'failed'; failed: RemoteFailed }
  | { kind: 'waited' };

export interface Pushed {
  /** The remote branch before the push (undefined when the push created it). */
  from?: string;
  to: string;
}

export interface ExchangeResult {
  relation: Relation;
  /** Commits of others brought into the local branch. */
  pulled: number;
  pushed?: Pushed;
  /** What the work-tree update and the push gate did (edits kept aside, commits not pushed as they were). */
  notices?: SyncNotice[];
  /**
   * Ranges pushed as queue refs after a rejection (core/sync/queue.ts), each woken for at once through
   * LocalSteps.queued when given; `pushed` then starts after them (never woken twice).
   */
  queued?: Pushed[];
}

/** The longest back-off after a rejected push that was queued. */
const QUEUED_SLOT_MS = 500;

/** The next step. `random` (a fraction in [0, 1)) only spreads the back-off. */
export function plan(s: SyncSnapshot, random: () => number): Step {
  switch (s.phase) {
    case 'start':
      // Commit before touching the network: with the remote unreachable, the work is still committed.
      return s.attempt === 0 ? { kind: 'commit' } : { kind: 'fetch' };
    case 'committed':
      // With `pushNew` (the watcher's polls), a new commit goes out first too: a write that lands as a
      // poll starts is this commit, and its rejected push is queued and its peers woken at once, before
      // any fetch or merge (which under contention cost seconds).
      return s.options.pushFirst || (s.options.pushNew && s.committedNow) ? { kind: 'inspect', count: !s.committedNow } : { kind: 'fetch' };
    case 'inspected':
      // A local change that left nothing to push (often the watcher seeing its own work-tree update):
      // no network round trip; the polls bring others' commits in.
      if (!s.committedNow && s.unpushed === 0) return done(s, 'equal');
      return toPush(s);
    case 'fetched':
      if (s.remote === undefined) return toPush(s);
      // Diverged: replay ours onto theirs and push before the work tree moves (then settle, under the
      // guard). Behind: commit what was written since the first step, then bring the commits in, under
      // the guard. Otherwise nothing touches the work tree: what is written now goes with the next cycle.
      // Behind a merge of queued pushes that holds all of ours: the same, so that the merge is pushed
      // before the work tree moves (the replay only names it: nothing of ours is left to replay).
      if ((s.relation === 'diverged' || (s.relation === 'behind' && merging(s))) && s.head !== undefined) return { kind: 'replay', from: s.head, onto: s.remote, guarded: false };
      if (s.relation === 'behind' || s.relation === 'diverged') return { kind: 'commit' };
      return s.relation === 'equal' ? done(s, 'equal') : toPush(s);
    case 'recommitted':
      if (s.remote === undefined) return toPush(s);
      if (s.head === undefined) return { kind: 'checkout', to: s.remote };
      return s.relation === 'diverged' ? { kind: 'replay', from: s.head, onto: s.remote, guarded: false } : { kind: 'fast-forward', from: s.head, to: s.remote };
    case 'integrated':
      // Fast-forwarded to a merge of queued pushes: that merge is still to be pushed.
      return s.relation === 'behind' && !merging(s) ? done(s, 'behind') : toPush(s);
    case 'replayed':
      // Everything of ours was already upstream: nothing to push, only the branch to move (unless
      // "upstream" is a merge of queued pushes, which then goes out).
      return s.unmoved !== undefined && s.unmoved.to === s.remote && !merging(s) ? { kind: 'commit' } : toPush(s);
    case 'gate-blocked':
      return { kind: 'commit' };
    case 'gated':
      if (s.gated === undefined) return toPush(s);
      if (s.remote !== undefined && s.gated === s.remote && !merging(s)) return s.unmoved ? { kind: 'commit' } : done(s, 'equal');
      return { kind: 'push', commit: s.gated };
    case 'pushed':
      return s.unmoved ? { kind: 'commit' } : done(s, s.relation);
    case 'settling':
      if (s.unmoved === undefined) return toPush(s);
      // Written meanwhile: replayed onto the pushed commit before the branch moves there.
      if (s.committedNow && s.head !== undefined) return { kind: 'replay', from: s.head, onto: s.unmoved.to, guarded: true };
      return { kind: 'move', from: s.unmoved.from, to: s.unmoved.to };
    case 'settle-replayed':
      return s.unmoved ? { kind: 'move', from: s.unmoved.from, to: s.unmoved.to } : toPush(s);
    case 'settled':
      // After our push, what was written meanwhile stays committed for the next cycle (which the
      // write's own file event or the next poll starts at once): a follow-up push here would only race
      // the other writers again. Settled because the gate must rewrite: nothing pushed yet, gate again.
      if (s.pushed !== undefined || (s.remote !== undefined && s.head === s.remote)) return done(s, s.relation);
      return toPush(s);
    case 'rejected':
      // A follow-up push (after ours went out): the next cycle takes it, without a back-off here.
      if (s.pushed !== undefined) return done(s, s.relation);
      if (s.attempt >= s.options.retries) {
        return {
          kind: 'stop',
          error: new OisError('PUSH_REJECTED', `the remote kept moving: ${s.attempt + 1} pushes were rejected`, {
            hint: 'Local commits are kept; the next cycle tries again.',
          }),
        };
      }
      // Queued: its peers are woken, and the leader's merge takes it (queue-refs.ts `mergeNow`): one short
      // slot. The same when the rejected push was that merge: the queued writers wait for it.
      if (s.queuedNow || merging(s)) return { kind: 'back-off', ms: Math.floor(random() * Math.min(s.roundMs, QUEUED_SLOT_MS)) };
      return {
        kind: 'back-off',
        ms: contentionDelay({ attempt: s.attempt + 1, contenders: Math.max(1, s.incoming), roundMs: s.roundMs, capMs: s.options.backoffCapMs }, random),
      };
    case 'waited':
      return { kind: 'fetch' };
    case 'failed':
      if (s.pushed !== undefined && s.unmoved === undefined) return done(s, s.relation); // reported by the next cycle
      return { kind: 'stop', error: s.failed ? remoteError(s.failed) : new OisError('GIT_FAILED', 'a remote operation failed') };
  }
}

/** The snapshot after `outcome`. */
export function observe(s: SyncSnapshot, outcome: Outcome): SyncSnapshot {
  switch (outcome.kind) {
    case 'committed': {
      const next = outcome.commit;
      const last = next.sha ? next : { ...s.last, dirty: next.dirty ?? [] };
      const made = next.sha !== undefined;
      if (s.unmoved !== undefined) return { ...s, phase: 'settling', last, committedNow: made, ...withHead(next.sha ?? s.head) };
      if (s.phase !== 'fetched') return { ...s, phase: 'committed', last, committedNow: made };
      // How the branches relate once the new local commit is added (the remote side unchanged).
      const relation = made ? withLocalCommit(s.relation) : s.relation;
      return { ...s, phase: 'recommitted', last, committedNow: made, relation, ...withHead(next.sha ?? s.head) };
    }
    case 'inspected':
      return { ...unseen(s), phase: 'inspected', ...withHead(outcome.head), ...withRemote(outcome.remote), ...(outcome.unpushed === undefined ? {} : { unpushed: outcome.unpushed }) };
    case 'fetched': {
      const { head, remote } = outcome;
      const [relation, incoming] = relationOf(head, remote, outcome.counts);
      const upstream = outcome.upstream === undefined ? {} : { upstream: outcome.upstream };
      return { ...unseen(s), phase: 'fetched', relation, incoming, committedNow: false, ...withHead(head), ...withRemote(remote), ...upstream };
    }
    case 'integrated': {
      const notices = [...s.notices, ...outcome.notices];
      if (s.unmoved !== undefined) {
        const { unmoved: _unmoved, ...rest } = s;
        return { ...rest, phase: 'settled', head: outcome.head, notices };
      }
      return { ...s, phase: 'integrated', head: outcome.head, pulled: s.pulled + s.incoming, notices };
    }
    case 'replayed':
      if (s.phase === 'settling' && s.unmoved !== undefined) return { ...s, phase: 'settle-replayed', unmoved: { from: s.head ?? s.unmoved.from, to: outcome.head } }; // the branch is at the new commit
      return { ...s, phase: 'replayed', unmoved: { from: s.head ?? outcome.head, to: outcome.head }, pulled: s.pulled + s.incoming };
    case 'gate-blocked':
      return { ...s, phase: 'gate-blocked' };
    case 'gated':
      return { ...s, phase: 'gated', gated: outcome.head, notices: [...s.notices, ...outcome.notices] };
    case 'pushed': {
      const first = s.pushed ?? (s.remote === undefined ? { to: outcome.commit } : { from: s.remote, to: outcome.commit });
      const { upstream: _upstream, ...rest } = s;
      return { ...rest, phase: 'pushed', gated: outcome.commit, remote: outcome.commit, pushed: { ...first, to: outcome.commit } };
    }
    case 'rejected':
      return { ...s, phase: 'rejected', roundMs: outcome.roundMs, queuedNow: outcome.queued !== undefined, ...(outcome.queued ? { queued: [...(s.queued ?? []), outcome.queued] } : {}) };
    case 'failed':
      return { ...s, phase: 'failed', failed: outcome.failed };
    case 'waited': {
      const { gated: _gated, unpushed: _unpushed, unmoved: _unmoved, ...rest } = s;
      return { ...rest, attempt: s.attempt + 1, phase: 'start', incoming: 0, committedNow: false };
    }
  }
}

/** The push step, through the gate unless it is the one commit the guarded step just made on top of the remote. */
function toPush(s: SyncSnapshot): Step {
  const tip = s.unmoved?.to ?? s.head;
  if (tip === undefined) return done(s, s.relation); // nothing committed, nothing to push
  const fresh = s.unmoved === undefined && s.last.sha === tip && s.last.parent !== undefined && s.last.parent === s.remote;
  if (fresh) return { kind: 'push', commit: tip };
  const range = s.remote === undefined ? { to: tip } : { from: s.remote, to: tip };
  return { kind: 'gate', range, dirty: s.last.dirty ?? [], moved: s.unmoved === undefined };
}

function done(s: SyncSnapshot, relation: Relation): Step {
  const pushed = s.pushed ? { pushed: s.pushed.from === undefined ? { to: s.pushed.to } : { from: s.pushed.from, to: s.pushed.to } } : {};
  const queued = s.queued?.length ? { queued: s.queued.map((q) => (q.from === undefined ? { to: q.to } : { from: q.from, to: q.to })) } : {};
  return { kind: 'done', result: { relation, pulled: s.pulled, ...pushed, ...queued, ...(s.notices.length ? { notices: [...s.notices] } : {}) } };
}

/** The relation after a fetch, and how many commits came in. An unborn branch: everything is incoming. */
function relationOf(head: string | undefined, remote: string | undefined, counts: { ahead: number; behind: number } | undefined): [Relation, number] {
  if (remote === undefined) return [classify(null), 0];
  if (head === undefined) return ['behind', 1];
  if (head === remote) return ['equal', 0];
  const c = counts ?? { ahead: 1, behind: 1 };
  return [classify(c), c.behind];
}

function withLocalCommit(relation: Relation): Relation {
  if (relation === 'equal') return 'ahead';
  if (relation === 'behind') return 'diverged';
  return relation;
}

/** The snapshot without the heads, before a step that reads them again. */
function unseen(s: SyncSnapshot): SyncSnapshot {
  const { head: _head, remote: _remote, upstream: _upstream, ...rest } = s;
  return rest;
}

/** Whether `remote` is a merge of queued pushes, not yet on the remote. */
function merging(s: SyncSnapshot): boolean {
  return s.upstream !== undefined && s.upstream !== s.remote;
}

function withHead(head: string | undefined): { head?: string } {
  return head === undefined ? {} : { head };
}

function withRemote(remote: string | undefined): { remote?: string } {
  return remote === undefined ? {} : { remote };
}
