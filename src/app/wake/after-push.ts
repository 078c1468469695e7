import { join } from 'node:path';
import type { GatewayClient } from '../../adapters/gateway.js';
import { writeAtomic } from '../../adapters/files.js';
import type { Logger } from '../../adapters/log.js';
import { choosePeers, type PeerWake } from '../../core/wake/choose.js';
import { lateNotice } from '../../core/wake/catch-up.js';
import { ownWake } from '../../core/wake/own.js';
import { describeOutcome } from '../../core/wake/describe.js';
import { buildWakeMessage } from '../../core/wake/message.js';
import { randomBoundary } from '../../adapters/random.js';
import type { WakeRecord } from '../../core/wake/notes.js';
import type { WakeOutcome } from '../../core/wake/outcome.js';
import type { Repo } from '../clone/repo.js';
import { tokenSourceHint, type TokenStore } from '../secrets/tokens.js';
import type { TrustStore } from '../secrets/trust.js';
import type { CycleOutcome } from '../sync/cycle.js';
import { CatchUp, type CatchUpOptions } from './catch-up.js';
import { createWakeDispatcher, type DrainResult, type WakeDispatcherDeps, type WakeReport } from './dispatcher.js';
import { createWakeNotes, type WakeNotes } from './notes.js';
import { carriedByCommit, pushedAlone, readCarried, type Carried, type CommitRange } from './pushed.js';
import { readBlobTexts } from '../../adapters/git-objects.js';
import { identityEnv, type Identity } from '../../core/identity.js';
import { registryInForce } from '../in-force/registry.js';
import { describeProblem, type FileProblem } from '../in-force/problem.js';
import { whoMoved } from '../in-force/moved.js';
import { oneLine } from '../../core/safe-text.js';
import type { Agent } from '../../core/registry/types.js';
import type { CommitResult } from '../sync/commit.js';
import { ownTarget, targetOf, trustOwnGateway, type WakeJob, mergeJobs } from './wake-job.js';
import { wakePeer } from './wake-peer.js';
import { createBudgetStore } from './budget.js';
import { createBudgetFlow } from './budget-flow.js';

export interface AfterPushDeps {
  repo: Pick<Repo, 'top' | 'git' | 'stateDir' | 'config'>;
  identity: Identity;
  log: Logger;
  /** One shared client (its pool and timeouts) for every wake of this process. */
  client: GatewayClient;
  tokens: Pick<TokenStore, 'get'>;
  trust: TrustStore;
  env: Readonly<Record<string, string | undefined>>;
  now?: () => Date;
  /** Retry tuning of the dispatcher (tests shorten it). */
  retry?: Pick<WakeDispatcherDeps<WakeJob>, 'maxAttempts' | 'baseMs' | 'capMs' | 'sleep' | 'random' | 'maxRetryAfterMs'>;
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
  /** Queues wakes for what a cycle pushed (does not wait for the calls). Never throws. */
  queueWakes(outcome: CycleOutcome): Promise<void>;
  /** queueWakes, then housekeeping. Never throws. */
  afterCycle(outcome: CycleOutcome): Promise<void>;
  /** Queues the wakes for one pushed range; resolves (without waiting for the calls) with the peers queued. */
  wakeForPush(range: CommitRange): Promise<string[]>;
  /** Records settled wakes as notes, exchanges notes with the remote, and (watcher) catches up. Never throws. */
  housekeeping(yieldNow?: () => boolean): Promise<void>;
  drain(timeoutMs: number): Promise<DrainResult>;
  /** Settled wakes so far (most recent last, at most 100). */
  readonly summaries: readonly WakeSummary[];
  /** Cancels wakes in flight, records what settled, pushes the notes (bounded). */
  close(): Promise<void>;
}

export async function createAfterPush(deps: AfterPushDeps): Promise<AfterPush> {
  const now = deps.now ?? (() => new Date());
  const { repo, identity, log } = deps;
  const notes: WakeNotes = createWakeNotes(repo, identity);
  const catchUp = deps.catchUp === false || deps.catchUp === undefined ? undefined : new CatchUp(repo, identity, notes, deps.catchUp);
  const pending = new Map<string, WakeRecord[]>();
  const summaries: WakeSummary[] = [];
  const lastOutcomes: Record<string, { outcome: string; message: string; at: string }> = {};
  let notesDirty = false;
  let warnedNoGateway = false;
  let lastNotesProblem = '';
  let chain: Promise<void> = Promise.resolve();
  await catchUp?.init().catch(() => undefined);

  const dispatcher = createWakeDispatcher<WakeJob>({
    ...deps.retry,
    merge: mergeJobs,
    send: (_id, job, signal) => {
      const options = job.notice === undefined ? { boundary: randomBoundary() } : { boundary: randomBoundary(), notice: job.notice };
      const message = buildWakeMessage(repo.config.team ?? 'team', job.wake, repo.config.wake.maxMessageBytes, options);
      const trust = job.self ? trustOwnGateway(job.target.gateway) : deps.trust;
      const outcome = wakePeer({ client: deps.client, tokens: deps.tokens, trust, env: deps.env }, { peer: job.target, message, signal });
      return job.self ? outcome : outcome.then((o) => explainMove(o, job.target.gateway));
    },
    onReport: (report) => settle(report),
  });

  /** A refused move names the commit and author that changed the peer's URL (DESIGN.md section 6). */
  async function explainMove(outcome: WakeOutcome, gateway: string): Promise<WakeOutcome> {
    if (outcome.kind !== 'not-sent' || outcome.code !== 'UNTRUSTED_GATEWAY') return outcome;
    const who = await whoMoved(repo.git, 'HEAD', gateway).catch(() => undefined);
    if (who === undefined) return outcome;
    return { ...outcome, message: `${outcome.message} (AGENTS.md changed by commit ${who.commit.slice(0, 8)}, ${oneLine(who.author)})` };
  }

  function settle(report: WakeReport<WakeJob>): void {
    const { payload: job, outcome } = report;
    const at = now().toISOString();
    const sentence = describeOutcome(job.self ? 'your own agent' : report.peerId, outcome, {
      gateway: job.target.gateway,
      mode: job.target.wake,
      tokenSource: tokenSourceHint(job.target),
      ...(job.self ? { own: job.target.id } : {}),
    });
    const n = job.wake.entries.length;
    const count = outcome.kind !== 'delivered' ? '' : job.local ? ` (${n} ${n === 1 ? 'entry' : 'entries'} written in this clone)` : ` (${n} missed entries)`;
    const message = job.self ? `${job.local ? 'own agent' : 'catch-up'}: ${sentence}${count}` : sentence;
    const level = outcome.kind === 'delivered' ? 'info' : outcome.kind === 'aborted' ? 'debug' : 'warn';
    log.log({
      level,
      event: job.self && !job.local ? 'catch-up' : 'wake',
      message,
      fields: { peer: report.peerId, outcome: outcome.kind, attempts: report.attempts, coalesced: report.coalesced, entries: job.wake.entries.length },
    });
    summaries.push({ peer: report.peerId, kind: job.self && !job.local ? 'catch-up' : 'peer', outcome, message });
    if (summaries.length > 100) summaries.shift();
    lastOutcomes[report.peerId] = { outcome: outcome.kind, message, at };
    if (job.self && !job.local && catchUp !== undefined) {
      const delivered = outcome.kind === 'delivered';
      void serial(() => catchUp.settled(job.commits, delivered, now())).catch(() => undefined);
    }
    if (outcome.kind === 'aborted') return;
    const record: WakeRecord =
      outcome.kind === 'delivered'
        ? { status: 'delivered', peer: job.target.id.toLowerCase(), at, by: identity.id }
        : { status: 'failed', peer: job.target.id.toLowerCase(), at, by: identity.id, outcome: outcome.kind };
    for (const sha of job.commits) pending.set(sha, [...(pending.get(sha) ?? []), record]);
  }

  /** Logs a pulled or pushed AGENTS.md that is not in force, once per failing commit. */
  let lastRegistryProblem = '';
  function reportRegistry(problem: FileProblem | undefined): void {
    const key = problem === undefined ? '' : `${problem.commit ?? ''}:${problem.line}:${problem.message}`;
    if (key !== '' && key !== lastRegistryProblem) {
      log.log({ level: 'warn', event: 'registry', message: `AGENTS.md not in force: ${describeProblem(problem as FileProblem)}`, fields: { file: 'AGENTS.md', commit: problem?.commit, inForce: problem?.inForce } });
    }
    lastRegistryProblem = key;
  }

  const budget = createBudgetFlow({
    repo,
    identity,
    log,
    now,
    budget: createBudgetStore(repo.stateDir, repo.git, identity.id, () => repo.config.wake.budget),
    enqueue: (peer, job) => dispatcher.enqueue(peer, job),
    note: (commits, record) => {
      for (const sha of commits) pending.set(sha, [...(pending.get(sha) ?? []), record]);
    },
  });

  /** The registry at the last commit whose carried work was read: a commit that did not touch AGENTS.md reuses it. */
  let registry: { commit: string; agents: Agent[] } | undefined;

  async function carriedOf(range: CommitRange, commit?: CommitResult): Promise<Carried> {
    if (commit !== undefined && pushedAlone(commit, range)) {
      const touched = commit.changes.some((c) => c.path === 'AGENTS.md');
      let agents: Agent[];
      if (!touched && registry?.commit === commit.parent) agents = registry.agents;
      else {
        const inForce = await registryInForce(repo.git, range.to);
        reportRegistry(inForce.problem);
        agents = inForce.agents;
      }
      const commits = carriedByCommit(commit, range, identityEnv(identity).GIT_AUTHOR_EMAIL ?? '', agents);
      if (commits !== undefined) {
        registry = { commit: range.to, agents };
        return { commits, agents };
      }
    }
    const carried = await readCarried(repo.git, range);
    reportRegistry(carried.registryProblem);
    registry = { commit: range.to, agents: carried.agents };
    return carried;
  }

  async function wakeForPush(range: CommitRange, commit?: CommitResult): Promise<string[]> {
    const carried = await carriedOf(range, commit);
    const entries = carried.commits.flatMap((c) => c.entries);
    const sharedFiles = [...new Set(carried.commits.flatMap((c) => c.sharedFiles))];
    const wakes = choosePeers({ entries, changedSharedFiles: sharedFiles, agents: carried.agents, self: identity.id, policy: repo.config.wake });
    const jobs: Array<[string, WakeJob]> = [];
    for (const [peerId, wake] of wakes) {
      const agent = carried.agents.find((a) => a.id === peerId);
      if (agent === undefined) continue;
      const carrying = carried.commits.filter((c) => c.entries.some((e) => wake.entries.includes(e)) || (wake.sharedFiles.length > 0 && c.sharedFiles.length > 0));
      // The shared files the same commits changed go with the entries, even when they wake nobody by themselves.
      const sharedFiles = wake.sharedFiles.length > 0 ? wake.sharedFiles : [...new Set(carrying.flatMap((c) => c.sharedFiles))];
      jobs.push([peerId, { target: targetOf(agent), self: false, wake: { ...wake, sharedFiles }, commits: carrying.map((c) => c.sha) }]);
    }
    const queued = await budget.admit(jobs, range.to);
    // Entries a person wrote in this clone (ois web) that concern this agent: peers never wake the pusher.
    const own = ownWake(carried.commits, carried.agents, identity.id, repo.config.wake);
    const target = own && ownTarget(identity, carried.agents.find((a) => a.id === identity.id));
    if (own && target) {
      dispatcher.enqueue(identity.id, { target, self: true, local: true, wake: own.wake, commits: own.commits });
      queued.push(identity.id);
    }
    return queued;
  }

  /** Runs `task` after the previous one: housekeeping never overlaps itself. */
  function serial(task: () => Promise<void>): Promise<void> {
    const next = chain.then(task, task);
    chain = next.catch(() => undefined);
    return next;
  }

  async function flushNotes(): Promise<void> {
    if (pending.size === 0) return;
    const batch = new Map(pending);
    pending.clear();
    try {
      await notes.add(batch);
      notesDirty = true;
    } catch (error) {
      for (const [sha, records] of batch) pending.set(sha, [...records, ...(pending.get(sha) ?? [])]);
      log.log({ level: 'warn', event: 'wake-notes', message: `could not record wakes in git notes: ${(error as Error).message}; retried later` });
    }
    await writeAtomic(join(repo.stateDir, 'wakes.json'), `${JSON.stringify({ peers: lastOutcomes }, null, 2)}\n`).catch(() => undefined);
  }

  async function exchangeNotes(): Promise<void> {
    const result = await notes.sync();
    notesDirty = result.push === 'rejected' || result.push === 'failed';
    const problem = result.push === 'rejected' ? 'the remote moved' : (result.problem ?? '');
    if (notesDirty && problem !== lastNotesProblem) {
      log.log({ level: 'debug', event: 'wake-notes', message: `wake notes not pushed (${problem}); retried next cycle` });
    }
    lastNotesProblem = notesDirty ? problem : '';
  }

  async function forward(): Promise<void> {
    if (catchUp === undefined) return;
    const due = await catchUp.due(now());
    if (due === undefined) return;
    const target = ownTarget(identity, due.agent);
    if (target === undefined) {
      if (!warnedNoGateway) {
        log.log({ level: 'warn', event: 'catch-up', message: `${due.wake.entries.length} entries for ${identity.id} were not delivered by a peer, and this clone has no Gateway to forward them to: set it with \`git config ois.gateway URL\`.` });
        warnedNoGateway = true;
      }
      await catchUp.settled(due.commits, false, now());
      return;
    }
    const times = due.wake.entries.map((e) => Date.parse(e.at ?? '')).filter((ms) => !Number.isNaN(ms));
    const notice = lateNotice(Math.min(due.firstSeenMs, ...times), now().getTime());
    dispatcher.enqueue(identity.id, { target, self: true, wake: due.wake, commits: due.commits, notice });
  }

  /** `yieldNow` is asked between steps: when it says a cycle is waiting, the rest waits for the next time. */
  async function housekeeping(yieldNow: () => boolean = () => false): Promise<void> {
    await serial(async () => {
      try {
        await budget.release();
        await flushNotes();
        if (yieldNow()) return;
        const found = catchUp === undefined ? 0 : await catchUp.scan(now());
        const waiting = catchUp === undefined ? false : await catchUp.waiting();
        if (yieldNow()) {
          notesDirty ||= found > 0 || waiting;
          return;
        }
        if (notesDirty || found > 0 || waiting) await exchangeNotes();
        if (yieldNow()) return;
        await forward();
      } catch (error) {
        log.log({ level: 'warn', event: 'wake-notes', message: `wake bookkeeping failed: ${(error as Error).message}; retried later` });
      }
    });
  }

  async function queueWakes(outcome: CycleOutcome): Promise<void> {
    const pushed = outcome.exchange.pushed;
    if (pushed === undefined) return;
    try {
      await wakeForPush(pushed, outcome.commit);
    } catch (error) {
      log.log({ level: 'warn', event: 'wake', message: `could not work out whom to wake for ${pushed.to.slice(0, 8)}: ${(error as Error).message}` });
    }
  }

  return {
    summaries,
    wakeForPush,
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
        await flushNotes().catch(() => undefined);
        if (notesDirty) await exchangeNotes().catch(() => undefined);
      });
    },
  };
}
