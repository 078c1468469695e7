import { GitCommandError } from '../../adapters/git.js';
import { classify, classifyRemoteFailure, parseLeftRight, type Relation } from '../../core/sync/classify.js';
import { blockedByLocalFiles, remoteError } from './exchange-errors.js';
import { OisError } from '../../core/errors.js';
import type { Identity } from '../../core/identity.js';
import type { SyncNotice } from '../../core/sync/notices.js';
import { REMOTE, trackingRef, type Repo } from '../clone/repo.js';
import { BACKUP_REF, replayOnto } from './replay.js';
import { scratchOf } from './merge-trees.js';
import { resolveRef, resolveRefFast } from './refs.js';
import { moveWorkTree } from './worktree.js';

export interface ExchangeDeps {
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

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
}

/** What the commit step tells the exchange. */
export interface PendingCommit {
  sha?: string;
  /** HEAD before the commit. */
  parent?: string;
  /** Files left with uncommitted changes on purpose (held entries, exclusions): carried over incoming changes. */
  dirty?: string[];
}

/** What an exchange needs from its cycle: committing what the agent wrote, and the clone's work-tree lock. */
export interface LocalSteps {
  /** Commits what changed in the work tree (nothing when nothing changed); runs under `guard`. */
  commitPending: () => Promise<PendingCommit>;
  /**
   * Runs the steps that read or rewrite the work tree (commit, then bring incoming commits in) while
   * appends by `ois say` wait (`.git/ois/chat.lock`): no entry is appended between the commit and the
   * work-tree update. Fetching and pushing run outside it, so an append never waits for the network.
   */
  guard: <T>(fn: () => Promise<T>) => Promise<T>;
}

/**
 * Steps 1 to 3 of a cycle: commit, bring the remote's commits in (fast-forward or rebase) and push
 * ours, never forcing. A push rejected because someone pushed meanwhile is retried after a jittered
 * back-off, committing again what was written meanwhile. With `pushFirst` (the watcher after a local
 * change, `ois say`), it pushes before fetching, saving a round trip when nobody else pushed.
 */
export async function exchange(
  repo: Repo,
  identity: Identity,
  deps: ExchangeDeps,
  local: LocalSteps,
  options: { pushFirst: boolean },
): Promise<ExchangeResult> {
  const { branch } = repo.config;
  let pulled = 0;
  let relation: Relation = 'ahead';
  const notices: SyncNotice[] = [];
  const retries = repo.config.sync.pushRetries;
  // The last commit step's result: its commit, and the files it left dirty on purpose.
  let last: PendingCommit = {};
  const commit = async (): Promise<PendingCommit> => {
    const next = await local.commitPending();
    last = next.sha ? next : { ...last, dirty: next.dirty ?? [] };
    return next;
  };
  for (let attempt = 0; ; attempt += 1) {
    // What is pushed (HEAD) and what the remote branch was (for the wake's commit range).
    let head: string | undefined;
    let from: string | undefined;
    let skipFetch = false;
    if (attempt === 0) {
      // Commit before touching the network: with the remote unreachable, the work is still committed.
      const committed = await local.guard(commit);
      if (options.pushFirst) {
        skipFetch = committed.sha !== undefined || (await hasUnpushed(repo, branch));
        // A local change that left nothing to push (often the watcher seeing its own work-tree update):
        // no network round trip; the polls bring others' commits in.
        if (!skipFetch) return { relation: 'equal', pulled: 0 };
        from = await resolveRefFast(repo.git, repo.gitDir, trackingRef(branch));
        head = committed.sha;
      }
    }
    if (!skipFetch) {
      const state = await fetchAndClassify(repo, branch);
      const remote = state.remote;
      from = remote;
      // Incoming commits: commit what was written since the first step, then bring them in, with appends
      // held back in between. Otherwise nothing touches the work tree: what is written now goes next cycle.
      const outcome =
        remote === undefined || (state.relation !== 'behind' && state.relation !== 'diverged')
          ? { relation: state.relation, head: state.head }
          : await local.guard(async () => {
              const committed = await commit();
              const now = committed.sha ? withLocalCommit(state.relation) : state.relation;
              const before = committed.sha ?? state.head;
              const moved = await integrate(repo, identity, now, before, remote, last.dirty ?? []);
              notices.push(...moved.notices);
              return { relation: now, head: moved.head };
            });
      ({ relation, head } = outcome);
      if (relation === 'behind' || relation === 'diverged') pulled += state.behind;
      if (relation === 'equal' || relation === 'behind') return { relation, pulled, ...(notices.length ? { notices } : {}) };
    }
    const tip = head ?? (await resolveRefFast(repo.git, repo.gitDir, 'HEAD')) ?? '';
    // The common case, one commit the guarded commit step just made on top of the remote: nothing to gate.
    const fresh = last.sha === tip && last.parent !== undefined && last.parent === from;
    // Loaded when needed: the gate reads the chat parser and the linter.
    const gate = fresh ? undefined : (await import('./push-gate.js')).gateBeforePush;
    const gated = gate ? await gate(repo, identity, from === undefined ? { to: tip } : { from, to: tip }, last.dirty ?? [], local.guard) : { head: tip, notices: [] };
    notices.push(...gated.notices);
    if (from !== undefined && gated.head === from) return { relation: 'equal', pulled, ...(notices.length ? { notices } : {}) };
    const outcome = await push(repo, branch, gated.head);
    if (outcome === 'pushed') {
      const to = gated.head;
      return { relation, pulled, pushed: from ? { from, to } : { to }, ...(notices.length ? { notices } : {}) };
    }
    if (attempt >= retries) {
      throw new OisError('PUSH_REJECTED', `the remote kept moving: ${attempt + 1} pushes were rejected`, {
        hint: 'Local commits are kept; the next cycle tries again.',
      });
    }
    await deps.sleep(backoff(attempt, deps.random));
  }
}

/** How the branches relate once a new local commit is added (the remote side unchanged). */
function withLocalCommit(relation: Relation): Relation {
  if (relation === 'equal') return 'ahead';
  if (relation === 'behind') return 'diverged';
  return relation;
}

async function hasUnpushed(repo: Repo, branch: string): Promise<boolean> {
  const remote = await resolveRef(repo.git, trackingRef(branch));
  if (!remote) return true;
  const count = (await repo.git.run(['rev-list', '--count', `${remote}..HEAD`])).trim();
  return Number(count) > 0;
}

/** Jittered exponential back-off: 50 ms, 100 ms, 200 ms … capped at 2 s, times 0.5–1.5. */
export function backoff(attempt: number, random: () => number): number {
  const base = Math.min(2_000, 50 * 2 ** attempt);
  return Math.round(base * (0.5 + random()));
}

/** The local and remote branches after a fetch: how they relate, their commits, and how many commits came in. */
export interface BranchState {
  relation: Relation;
  /** HEAD's commit (undefined on an unborn branch). */
  head?: string;
  /** The remote-tracking branch's commit (undefined when the remote has no such branch). */
  remote?: string;
  /** Commits on the remote that HEAD lacks. */
  behind: number;
}

export async function fetchAndClassify(repo: Repo, branch: string): Promise<BranchState> {
  try {
    await repo.git.run(['fetch', '--no-tags', '--quiet', REMOTE, `+refs/heads/${branch}:${trackingRef(branch)}`]);
  } catch (error) {
    if (error instanceof GitCommandError && /couldn't find remote ref/i.test(error.stderr)) {
      return { relation: classify(null), ...(await headState(repo)), behind: 0 };
    }
    throw remoteError(error, 'fetch from');
  }
  const { head, remote } = await bothHeads(repo, branch);
  // An unborn branch (nothing committed yet) has no HEAD to compare: everything is incoming.
  if (!head) return remote ? { relation: 'behind', remote, behind: 1 } : { relation: classify(null), behind: 0 };
  if (!remote) return { relation: classify(null), head, behind: 0 };
  if (head === remote) return { relation: 'equal', head, remote, behind: 0 };
  const counts = parseLeftRight(await repo.git.run(['rev-list', '--left-right', '--count', `${head}...${remote}`]));
  return { relation: classify(counts), head, remote, behind: counts.behind };
}

/** HEAD's and the remote-tracking branch's commits, in one git call when both exist. */
async function bothHeads(repo: Repo, branch: string): Promise<{ head?: string; remote?: string }> {
  const both = await repo.git.run(['rev-parse', 'HEAD', trackingRef(branch)]).catch(() => undefined);
  const [head, remote] = both?.trim().split('\n') ?? [];
  if (head && remote) return { head, remote };
  // An unborn branch or no remote branch (rare): ask for each.
  const [h, r] = await Promise.all([resolveRef(repo.git, 'HEAD'), resolveRef(repo.git, trackingRef(branch))]);
  return { ...(h ? { head: h } : {}), ...(r ? { remote: r } : {}) };
}

async function headState(repo: Repo): Promise<{ head?: string }> {
  const head = await resolveRef(repo.git, 'HEAD');
  return head ? { head } : {};
}

/** Brings the remote's commits into the branch (fast-forward, or replaying ours on top); returns the new HEAD. */
async function integrate(
  repo: Repo,
  identity: Identity,
  relation: Relation,
  before: string | undefined,
  target: string,
  dirty: readonly string[],
): Promise<{ head: string; notices: SyncNotice[] }> {
  const upstream = trackingRef(repo.config.branch);
  if (!before) {
    // An unborn branch (a fresh `git init`): take the remote's history; git refuses to overwrite files.
    await repo.git.run(['checkout', '-q', '-B', repo.config.branch, upstream]).catch((error: unknown) => {
      throw blockedByLocalFiles(error, upstream);
    });
    return { head: target, notices: [] };
  }
  let to = target;
  if (relation === 'diverged') {
    await repo.git.run(['update-ref', '--create-reflog', '-m', 'ois: before rebase', BACKUP_REF, before]);
    to = await replayOnto(repo.git, identity, upstream, repo.config.branch, scratchOf(repo));
  }
  const notices = await moveWorkTree(repo, repo.config.branch, before, to, { dirty }).catch((error: unknown) => {
    throw blockedByLocalFiles(error, upstream);
  });
  return { head: to, notices };
}

async function push(repo: Repo, branchName: string, commit: string): Promise<'pushed' | 'rejected'> {
  try {
    await repo.git.run(['push', '--porcelain', '--quiet', REMOTE, `${commit}:refs/heads/${branchName}`]);
    return 'pushed';
  } catch (error) {
    if (error instanceof GitCommandError && classifyRemoteFailure(error.stderr) === 'rejected') return 'rejected';
    throw remoteError(error, 'push to');
  }
}
