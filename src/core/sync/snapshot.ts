import type { RemoteFailed } from './failures.js';
import type { Relation } from './classify.js';
import type { SyncNotice } from './notices.js';

/**
 * What the sync knows at one point of an exchange (commit, fetch, integrate, push): the repository as
 * the last steps saw it and what they returned. Plain data, built by {@link startSnapshot} and advanced
 * by `observe` (core/sync/plan.ts) with each step's outcome; the planner reads nothing else, so every
 * decision of the sync is a function of one of these.
 */
export interface SyncSnapshot {
  readonly options: SyncOptions;
  /** 0 for the first attempt, then one more per rejected push. */
  readonly attempt: number;
  /** Which step ran last in this attempt (see {@link Phase}). */
  readonly phase: Phase;
  /** HEAD's commit as last seen (undefined on an unborn branch or before it was read). */
  readonly head?: string;
  /**
   * The remote branch as this attempt knows it: the `from` of the push and of the wake's range. After a
   * fetch that found queued pushes (core/sync/queue.ts), the merge of them onto the branch, which is
   * not on the remote yet (`upstream` is then the remote branch itself): pushing it is the point.
   */
  readonly remote?: string;
  /** Set when `remote` is a merge of queued pushes: the remote branch it was built on. */
  readonly upstream?: string;
  /** Whether the last rejected push was queued (the wake is out: the back-off is then one short slot). */
  readonly queuedNow?: boolean;
  /** The ranges this exchange queued after a rejected push (their peers are woken at once). */
  readonly queued?: ReadonlyArray<{ readonly from?: string; readonly to: string }>;
  /** How the branches relate, after this attempt's fetch (or assumed: `ahead` when pushing first). */
  readonly relation: Relation;
  /** Commits that came in with this attempt's fetch (each a push by someone else since our last look). */
  readonly incoming: number;
  /** Commits of others brought into the local branch over all attempts. */
  readonly pulled: number;
  /** The last commit step that made a commit, and the files the latest one left dirty on purpose. */
  readonly last: PendingCommit;
  /** Whether the latest commit step (this phase) made a commit. */
  readonly committedNow: boolean;
  /** The commit to push once the gate has run. */
  readonly gated?: string;
  readonly notices: readonly SyncNotice[];
  /** How long the last attempt's round (fetch to push) took, in ms: the contention back-off's slot. */
  readonly roundMs: number;
  /**
   * After a replay, before the branch moved: the branch (and the work tree) are still at `from`,
   * while `to` (our commits replayed onto the remote) is gated and pushed first; the branch and the
   * work tree move there afterwards, under the guard ("settling").
   */
  readonly unmoved?: { readonly from: string; readonly to: string };
  /** What this exchange pushed so far: the remote before the first push, and the last commit pushed. */
  readonly pushed?: { readonly from?: string; readonly to: string };
  /** Pushing first: how many commits HEAD has that the remote-tracking branch lacks (when counted). */
  readonly unpushed?: number;
  /** A fetch or push that failed, as git said it. */
  readonly failed?: RemoteFailed;
}

export interface SyncOptions {
  /** Push before fetching (after a local change): saves a round trip when nobody else pushed. */
  readonly pushFirst: boolean;
  /**
   * Push first only when the first commit step made a commit (the watcher's polls): otherwise fetch
   * first. One-shot commands leave it off, so that a lone writer behind the remote gets a replay (a
   * straight history) rather than a queued push and its merge.
   */
  readonly pushNew?: boolean;
  /** Rejected pushes retried before PUSH_REJECTED. */
  readonly retries: number;
  /** Upper bound of one back-off, in ms. */
  readonly backoffCapMs: number;
}

/**
 * Where an attempt is:
 * - `start`: nothing ran yet; `committed`: the first commit step ran (attempt 0 only);
 * - `inspected`: pushing first, HEAD and the remote-tracking branch were read;
 * - `fetched`: the remote's branch is fetched and compared; `recommitted`: with incoming commits, the
 *   commit step ran again under the guard;
 * - `integrated`: the incoming commits are in the branch and the work tree (a fast-forward);
 * - `replayed`: our commits are replayed onto the remote's (objects only: the branch and the work
 *   tree have not moved yet, see `unmoved`);
 * - `gated`: the push gate ran; `gate-blocked`: it wants to rewrite commits, which needs the branch moved first;
 * - `pushed` / `rejected`: the push returned; `failed`: a fetch or push failed;
 * - `settling` / `settle-replayed` / `settled`: after the replay, under the guard: commit what was
 *   written meanwhile (replayed onto the pushed commit if anything), then move the branch and work tree;
 * - `waited`: the back-off after a rejection ran (the next attempt starts at the fetch).
 */
export type Phase =
  | 'start'
  | 'committed'
  | 'inspected'
  | 'fetched'
  | 'recommitted'
  | 'integrated'
  | 'replayed'
  | 'gated'
  | 'gate-blocked'
  | 'pushed'
  | 'settling'
  | 'settle-replayed'
  | 'settled'
  | 'rejected'
  | 'failed'
  | 'waited';

/** What the commit step tells the exchange. */
export interface PendingCommit {
  sha?: string;
  /** HEAD before the commit. */
  parent?: string;
  /** Files left with uncommitted changes on purpose (held entries, exclusions): carried over incoming changes. */
  dirty?: readonly string[];
}

/** The snapshot before anything ran. */
export function startSnapshot(options: SyncOptions): SyncSnapshot {
  return { options, attempt: 0, phase: 'start', relation: 'ahead', incoming: 0, pulled: 0, last: {}, committedNow: false, notices: [], roundMs: 0 };
}
