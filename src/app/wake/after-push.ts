import type { GatewayClient, Logger, Ports } from '../../ports/index.js';
import { identityEnv, type Identity } from '../../core/identity.js';
import type { WakeJob } from '../../core/wake/job.js';
import type { WakeOutcome } from '../../core/wake/outcome.js';
import { planWakes } from '../../core/wake/plan.js';
import { settlement } from '../../core/wake/settle.js';
import type { Repo } from '../clone/repo.js';
import { tokenSourceHint, type TokenStore } from '../secrets/tokens.js';
import type { TrustStore } from '../secrets/trust.js';
import type { CycleOutcome } from '../sync/cycle.js';
import { resolveCommit } from '../../core/git/refs.js';
import { trackingRef } from '../clone/repo.js';
import { createBudgetStore } from './budget.js';
import { createBudgetFlow } from './budget-flow.js';
import { CatchUp, createCatchUpForwarder, type CatchUpOptions } from './catch-up.js';
import { createWakeDispatcher, type DrainResult, type WakeDispatcherDeps, type WakeReport } from './dispatcher.js';
import { createWakeLedger, createWakeNotes } from './notes.js';
import { createCarriedReader, type CommitRange } from './pushed.js';
import { sendWake } from './send.js';
import { mergeJobs } from './wake-job.js';

export interface AfterPushDeps {
  repo: Pick<Repo, 'top' | 'git' | 'stateDir' | 'config'> & { ports: Pick<Ports, 'files' | 'clock' | 'random'> };
  identity: Identity;
  log: Logger;
  /** One shared client (its pool and timeouts) for every wake of this process. */
  client: GatewayClient;
  tokens: Pick<TokenStore, 'get'>;
  trust: TrustStore;
  env: Readonly<Record<string, string | undefined>>;
  /** The time (default: the repo's clock port). */
  now?: () => Date;
  /** Retry tuning of the dispatcher (tests shorten it). */
  retry?: Partial<Pick<WakeDispatcherDeps<WakeJob>, 'maxAttempts' | 'baseMs' | 'capMs' | 'sleep' | 'random' | 'maxRetryAfterMs'>>;
  /** Store-and-forward for this agent (`ois watch`); off for one-shot commands. */
  catchUp?: CatchUpOptions | false;
}

/** One settled wake, as `ois sync --json` reports it (never a token). */
export interface WakeSummary {
  peer: string;
  /** `catch-up` when this agent woke its own Gateway with what it missed. */
  kind: 'peer' | 'catch-up';
  outcome: WakeOutcome;
  message: string;
}

/**
 * Waking after each push, and store-and-forward. One per process: a long-lived dispatcher (one queue
 * per peer) fed by {@link AfterPush.afterCycle}, which returns as soon as the wakes are queued. Every
 * settled wake is logged in one sentence and recorded as a git note on the commits it carried; notes
 * are exchanged with the remote by {@link AfterPush.housekeeping} (run by the watcher between git
 * steps, never concurrently with a cycle).
 */
export interface AfterPush {
  /** Queues wakes for what a cycle pushed, and queued unless woken for at once (does not wait for the calls); resolves with the peers queued. Never throws. */
  queueWakes(outcome: CycleOutcome): Promise<string[]>;
  /** queueWakes, then housekeeping. Never throws. */
  afterCycle(outcome: CycleOutcome): Promise<void>;
  /**
   * Queues the wakes for a range just pushed as a queue ref (core/sync/queue.ts), after a fetch of the
   * branch: the budget also observes who wrote on the branch, which the queued tip may lack. Resolves
   * (without waiting for the calls) with the peers queued; never throws (a failure is logged).
   */
  wakeForQueued(range: CommitRange): Promise<string[]>;
  /** Records settled wakes as notes, exchanges notes with the remote, and (watcher) catches up. Never throws. */
  housekeeping(yieldNow?: () => boolean): Promise<void>;
  drain(timeoutMs: number): Promise<DrainResult>;
  /** Settled wakes so far (most recent last, at most 100). */
  readonly summaries: readonly WakeSummary[];
  /** Cancels wakes in flight, records what settled, pushes the notes (bounded). */
  close(): Promise<void>;
}

/**
 * The wiring of the wake: what a push carried (pushed.ts) goes through the planner (core/wake/plan.ts)
 * and the budget (budget-flow.ts) to the dispatcher; settled wakes (core/wake/settle.ts) go to the
 * ledger (notes.ts) and, for a catch-up, back to the forwarder (catch-up.ts).
 */
export async function createAfterPush(deps: AfterPushDeps): Promise<AfterPush> {
  const { repo, identity, log } = deps;
  const { files, clock, random } = repo.ports;
  const now = deps.now ?? (() => clock.now());
  const notes = createWakeNotes(repo, identity);
  const ledger = createWakeLedger({ notes, files, log, stateDir: repo.stateDir });
  const carried = createCarriedReader(repo.git, identityEnv(identity).GIT_AUTHOR_EMAIL ?? '', log);
  const serial = serialQueue();
  const summaries: WakeSummary[] = [];

  const dispatcher = createWakeDispatcher<WakeJob>({
    clock,
    random: () => random.fraction(),
    ...deps.retry,
    merge: mergeJobs,
    send: sendWake({ client: deps.client, tokens: deps.tokens, trust: deps.trust, env: deps.env, git: repo.git, config: repo.config, random }),
    onReport: (report) => settle(report),
  });

  const catchUp = deps.catchUp === false || deps.catchUp === undefined ? undefined : new CatchUp(repo, identity, notes, deps.catchUp);
  await catchUp?.init().catch(() => undefined);
  const forwarder = catchUp && createCatchUpForwarder({ catchUp, identity, log, now, enqueue: (job) => dispatcher.enqueue(identity.id, job) });

  const budget = createBudgetFlow({
    repo,
    identity,
    log,
    now,
    budget: createBudgetStore(repo.stateDir, repo.git, identity.id, () => repo.config.wake.budget, files),
    enqueue: (peer, job) => dispatcher.enqueue(peer, job),
    note: (commits, record) => ledger.note(commits, record),
  });

  function settle(report: WakeReport<WakeJob>): void {
    const at = now().toISOString();
    const { payload: job, outcome, peerId } = report;
    const settled = settlement({ peerId, job, outcome, at, by: identity.id, tokenSource: tokenSourceHint(job.target) });
    const fields = { peer: peerId, outcome: outcome.kind, attempts: report.attempts, coalesced: report.coalesced, entries: job.wake.entries.length };
    log.log({ level: settled.level, event: settled.event, message: settled.message, fields });
    summaries.push({ peer: peerId, kind: settled.kind, outcome, message: settled.message });
    if (summaries.length > 100) summaries.shift();
    ledger.outcome(peerId, { outcome: outcome.kind, message: settled.message, at });
    const delivered = settled.catchUp?.delivered;
    if (delivered !== undefined && forwarder !== undefined) void serial(() => forwarder.settled(job.commits, delivered)).catch(() => undefined);
    if (settled.record !== undefined) ledger.note(job.commits, settled.record);
  }

  /** The tips of the ranges woken for lately: a queued range woken at once is not woken again after its cycle. */
  const wokenTips: string[] = [];
  async function wakeForPush(range: CommitRange, commit?: CycleOutcome['commit'], queuedRange = false): Promise<string[]> {
    wokenTips.push(range.to);
    if (wokenTips.length > 100) wokenTips.shift();
    const pushed = await carried.read(range, commit);
    const plan = planWakes({ commits: pushed.commits, agents: pushed.agents, self: identity, policy: repo.config.wake });
    // A queued tip may lack what the peer wrote meanwhile (that is why its push was rejected): the budget
    // also reads the branch as last fetched, or it would take an answer for no answer.
    const branch = queuedRange ? await repo.git.exec(resolveCommit(trackingRef(repo.config.branch))).catch(() => undefined) : undefined;
    const queued = await budget.admit(plan.peers, range.to, branch === undefined ? [] : [branch]);
    // Entries a person wrote in this clone (ois web) that concern this agent: peers never wake the pusher.
    if (plan.own !== undefined) {
      dispatcher.enqueue(identity.id, plan.own);
      queued.push(identity.id);
    }
    return queued;
  }

  /** `yieldNow` is asked between steps: when it says a cycle is waiting, the rest waits for the next time. */
  async function housekeeping(yieldNow: () => boolean = () => false): Promise<void> {
    await serial(async () => {
      try {
        await budget.release();
        await ledger.flush();
        if (yieldNow()) return;
        const found = catchUp === undefined ? 0 : await catchUp.scan(now());
        const waiting = catchUp === undefined ? false : await catchUp.waiting();
        if (found > 0 || waiting) ledger.markDirty();
        if (yieldNow()) return;
        if (ledger.dirty) await ledger.exchange();
        if (yieldNow()) return;
        await forwarder?.forward();
      } catch (error) {
        log.log({ level: 'warn', event: 'wake-notes', message: `wake bookkeeping failed: ${(error as Error).message}; retried later` });
      }
    });
  }

  /** wakeForPush, logging instead of throwing: the peers queued, none when it failed. */
  async function wakeOrLog(range: CommitRange, commit?: CycleOutcome['commit'], queuedRange = false): Promise<string[]> {
    try {
      return await wakeForPush(range, commit, queuedRange);
    } catch (error) {
      log.log({ level: 'warn', event: 'wake', message: `could not work out whom to wake for ${range.to.slice(0, 8)}: ${(error as Error).message}` });
      return [];
    }
  }

  async function queueWakes(outcome: CycleOutcome): Promise<string[]> {
    // Queued ranges (a rejected push that went out as a queue ref) unless woken for already, then what reached the branch.
    const queued = (outcome.exchange.queued ?? []).filter((range) => !wokenTips.includes(range.to));
    const pushed = outcome.exchange.pushed;
    const peers: string[] = [];
    for (const range of queued) peers.push(...(await wakeOrLog(range, undefined, true)));
    if (pushed !== undefined) peers.push(...(await wakeOrLog(pushed, outcome.commit)));
    return peers;
  }

  return {
    summaries,
    wakeForQueued: (range) => wakeOrLog(range, undefined, true),
    housekeeping,
    queueWakes,
    async afterCycle(outcome) {
      await queueWakes(outcome);
      await housekeeping();
    },
    drain: (timeoutMs) => dispatcher.drain(timeoutMs),
    async close() {
      await dispatcher.close();
      await serial(async () => {
        await ledger.flush().catch(() => undefined);
        if (ledger.dirty) await ledger.exchange().catch(() => undefined);
      });
    },
  };
}

/** Runs each task after the previous one settled: the housekeeping never overlaps itself. */
function serialQueue(): (task: () => Promise<void>) => Promise<void> {
  let chain: Promise<void> = Promise.resolve();
  return (task) => {
    const next = chain.then(task, task);
    chain = next.catch(() => undefined);
    return next;
  };
}
