import { GitCommandError } from '../../ports/git.js';
import type { Clock } from '../../ports/clock.js';
import { OisError } from '../../core/errors.js';
import { countCommits, updateRef } from '../../core/git/refs.js';
import { checkoutRemoteBranch, leftRightCounts, pushCommit } from '../../core/git/remote.js';
import { fetchBranchAndQueue } from '../../core/git/queue.js';
import type { Identity } from '../../core/identity.js';
import type { SyncNotice } from '../../core/sync/notices.js';
import { blockedByLocalFiles, classifyRemoteFailure, isMissingRemoteBranch, remoteFailed } from '../../core/sync/failures.js';
import { isGuarded, observe, plan, type ExchangeResult, type Outcome, type Pushed, type Step } from '../../core/sync/plan.js';
import { startSnapshot, type PendingCommit, type SyncSnapshot } from '../../core/sync/snapshot.js';
import { REMOTE, trackingRef, type Repo } from '../clone/repo.js';
import { BACKUP_REF, replayOnto } from './replay.js';
import { scratchOf } from './merge-trees.js';
import { readRef } from '../clone/ref-files.js';
import { resolveRef } from './refs.js';
import { moveWorkTree } from './worktree.js';
import { createPushQueue } from './push-queue.js';

export type { ExchangeResult, Pushed } from '../../core/sync/plan.js';
export type { PendingCommit } from '../../core/sync/snapshot.js';

export interface ExchangeDeps {
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
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
  /**
   * Called right after a rejected push was queued (core/sync/queue.ts) and the branch fetched: the
   * range is on the remote now, as a queue ref, and its peers can be woken (the watcher wakes them at
   * once; one-shot commands wake for ExchangeResult.queued at the end). Must not throw.
   */
  queued?: (range: Pushed) => void;
}

/** Upper bound of one back-off between rejected pushes. */
const BACKOFF_CAP_MS = 2_000;

/**
 * Steps 1 to 3 of a cycle: commit, bring the remote's commits in (fast-forward or replay) and push
 * ours, never forcing. The decisions are the planner's (core/sync/plan.ts: why each step, the retry
 * and the back-off); this executor runs each step with intent-named git operations and feeds the
 * outcome back, holding `local.guard` across consecutive guarded steps (commit, then integrate). A push
 * rejected because someone pushed meanwhile is retried after a back-off by observed contention,
 * committing again what was written meanwhile. With `pushFirst` (the watcher after a local change,
 * `ois say`), it pushes before fetching, saving a round trip when nobody else pushed; with `pushNew`
 * (the watcher's polls), only when the first commit step made a commit.
 */
export async function exchange(
  repo: Repo,
  identity: Identity,
  deps: ExchangeDeps,
  local: LocalSteps,
  options: { pushFirst: boolean; pushNew?: boolean },
): Promise<ExchangeResult> {
  const run = executor(repo, identity, deps, local);
  let snapshot = startSnapshot({ pushFirst: options.pushFirst, pushNew: options.pushNew ?? false, retries: repo.config.sync.pushRetries, backoffCapMs: BACKOFF_CAP_MS });
  let step: Step = plan(snapshot, deps.random);
  for (;;) {
    if (step.kind === 'done') return step.result;
    if (step.kind === 'stop') throw step.error;
    if (!isGuarded(step)) {
      snapshot = observe(snapshot, await run(step, snapshot));
      step = plan(snapshot, deps.random);
      continue;
    }
    // Guarded steps in a row (commit, then fast-forward or replay) run under one hold of the guard.
    // (Planning is pure: planning the same snapshot again gives the same guarded step.)
    step = await local.guard(async (): Promise<Step> => {
      let next = plan(snapshot, deps.random);
      while (isGuarded(next)) {
        snapshot = observe(snapshot, await run(next, snapshot));
        next = plan(snapshot, deps.random);
      }
      return next;
    });
  }
}

type Run = (step: Step, snapshot: SyncSnapshot) => Promise<Outcome>;

/** Runs one step; never decides what comes next. */
function executor(repo: Repo, identity: Identity, deps: ExchangeDeps, local: LocalSteps): Run {
  const { branch } = repo.config;
  const tracking = trackingRef(branch);
  const files = repo.ports.files;
  const clock: Pick<Clock, 'now'> = deps;
  let roundStarted = clock.now().getTime();
  const readHead = async (): Promise<string | undefined> => (await readRef(files, repo.gitDir, 'HEAD')) ?? resolveRef(repo.git, 'HEAD');
  const readTracking = async (): Promise<string | undefined> => (await readRef(files, repo.gitDir, tracking)) ?? resolveRef(repo.git, tracking);
  const queue = createPushQueue(repo, identity);
  const fetchBranch = (): Promise<void> => repo.git.exec(fetchBranchAndQueue(REMOTE, branch, tracking));
  return async (step, snapshot) => {
    switch (step.kind) {
      case 'commit':
        return { kind: 'committed', commit: await local.commitPending() };
      case 'inspect': {
        roundStarted = clock.now().getTime();
        const [head, remote] = await Promise.all([readHead(), readTracking()]);
        if (!step.count) return { kind: 'inspected', ...opt({ head, remote }) };
        // Unpushed commits: none when HEAD is the remote-tracking branch (no git process then).
        const unpushed = remote === undefined ? 1 : head === remote ? 0 : await repo.git.exec(countCommits(`${remote}..HEAD`));
        return { kind: 'inspected', ...opt({ head, remote }), unpushed };
      }
      case 'fetch': {
        roundStarted = clock.now().getTime();
        // A writer whose tip is queued lets the leader's merge take it first: up to LEADER_WAITS slots of
        // one round each, fetching again after each (push-queue.ts `mergeNow`).
        for (let waited = 0; ; waited += 1) {
          try {
            await fetchBranch();
          } catch (error) {
            if (error instanceof GitCommandError && isMissingRemoteBranch(error.stderr)) return { kind: 'fetched', ...opt({ head: await readHead() }) };
            return failed('fetch', error);
          }
          const [head, remote] = await Promise.all([readHead(), readTracking()]);
          const counts = head && remote && head !== remote ? await repo.git.exec(leftRightCounts(head, remote)) : undefined;
          if (remote !== undefined) await queue.tidy(remote);
          // With commits to push: the queued pushes the branch lacks come along, merged onto it.
          const ahead = head !== undefined && remote !== undefined && counts !== undefined && counts.ahead > 0;
          if (ahead && !(await queue.mergeNow(remote, waited))) {
            await deps.sleep(leaderSlot(snapshot.roundMs));
            continue;
          }
          const merged = ahead ? await queue.integrate(remote) : undefined;
          if (head === undefined || remote === undefined || merged === undefined) return { kind: 'fetched', ...opt({ head, remote, counts }) };
          return { kind: 'fetched', head, remote: merged, upstream: remote, counts: await repo.git.exec(leftRightCounts(head, merged)) };
        }
      }
      case 'checkout':
        // An unborn branch (a fresh `git init`): take the remote's history; git refuses to overwrite files.
        await repo.git.exec(checkoutRemoteBranch(branch, tracking)).catch((error: unknown) => {
          throw blockedByLocalFiles(error, tracking);
        });
        return { kind: 'integrated', head: step.to, notices: [] };
      case 'fast-forward':
        return { kind: 'integrated', head: step.to, notices: await moveTo(repo, step.from, step.to, snapshot) };
      case 'replay':
        // The backup ref first (DESIGN.md §4): the commits as they were stay reachable whatever happens next.
        await repo.git.exec(updateRef(BACKUP_REF, step.from, { message: 'ois: before rebase', reflog: true }));
        // Objects only: the branch and the work tree move later (`move`), after the push.
        // Onto the remote-tracking ref by name (its hint then says `git rebase origin/<branch>`), or, settling, the
        // pushed commit, or the merge of queued pushes built on the remote-tracking ref.
        const byName = !step.guarded && snapshot.upstream === undefined;
        return { kind: 'replayed', head: await replayOnto(repo.git, identity, byName ? tracking : step.onto, branch, scratchOf(repo), step.from) };
      case 'move':
        return { kind: 'integrated', head: step.to, notices: await moveTo(repo, step.from, step.to, snapshot) };
      case 'gate': {
        // Loaded when needed: the gate reads the chat parser and the linter.
        const { gateBeforePush } = await import('./push-gate.js');
        // The gate rewrites commits only through the guard; before the branch moved it must not: it says so instead.
        const guard = step.moved ? local.guard : () => Promise.reject(GATE_NEEDS_MOVE);
        try {
          const gated = await gateBeforePush(repo, identity, step.range, step.dirty, guard);
          return { kind: 'gated', head: gated.head, notices: gated.notices };
        } catch (error) {
          if (error === GATE_NEEDS_MOVE) return { kind: 'gate-blocked' };
          throw error;
        }
      }
      case 'push':
        try {
          await repo.git.exec(pushCommit(REMOTE, step.commit, branch));
        } catch (error) {
          if (error instanceof GitCommandError && classifyRemoteFailure(error.stderr) === 'rejected') {
            const roundMs = clock.now().getTime() - roundStarted;
            // Queued when it is chat alone: on the remote at once, its peers woken now, merged by the
            // next push (the leader's). The branch is fetched alongside: the wake budget reads who wrote
            // meanwhile, and the next step starts from it.
            const queued = snapshot.remote === undefined ? undefined : await queue.enqueue({ from: snapshot.remote, to: step.commit }, fetchBranch);
            if (queued !== undefined) local.queued?.(queued);
            return { kind: 'rejected', roundMs, ...(queued === undefined ? {} : { queued }) };
          }
          return failed('push', error);
        }
        await queue.pushed(step.commit);
        return { kind: 'pushed', commit: step.commit };
      case 'back-off':
        await deps.sleep(step.ms);
        return { kind: 'waited' };
      case 'done':
      case 'stop':
        throw new Error(`exchange: ${step.kind} is not a step to run`);
    }
  };
}

/** One wait for the leader's merge: about one round (fetch to push), within 100 ms to 1 s. */
function leaderSlot(roundMs: number): number {
  return Math.min(1_000, Math.max(100, roundMs));
}

/** What the gate's guard answers while the branch has not moved to the replayed commits yet. */
const GATE_NEEDS_MOVE = new Error('the push gate needs the branch moved first');

/** Moves the branch and the work tree, carrying the files the commit step left dirty on purpose. */
async function moveTo(repo: Repo, from: string, to: string, snapshot: SyncSnapshot): Promise<SyncNotice[]> {
  return moveWorkTree(repo, repo.config.branch, from, to, { dirty: snapshot.last.dirty ?? [] }).catch((error: unknown) => {
    throw blockedByLocalFiles(error, trackingRef(repo.config.branch));
  });
}

function failed(op: 'fetch' | 'push', error: unknown): Outcome {
  const read = remoteFailed(op, error);
  if (!read) throw error instanceof OisError ? error : new OisError('GIT_FAILED', String(error));
  return { kind: 'failed', failed: read };
}

/** The defined fields only (exactOptionalPropertyTypes). */
function opt<T extends Record<string, unknown>>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
