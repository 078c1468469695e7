import { join } from 'node:path';
import type { Identity } from '../../core/identity.js';
import { resolveCommit } from '../../core/git/refs.js';
import { candidateExpired, catchUpNotice, catchUpStep, concerning, settleCandidates, type CatchUpCandidate, type CatchUpTiming } from '../../core/wake/catch-up.js';
import type { PeerWake } from '../../core/wake/choose.js';
import { ownTarget, type WakeJob } from '../../core/wake/job.js';
import type { Agent } from '../../core/registry/types.js';
import type { Files, Git, Logger } from '../../ports/index.js';
import type { Repo } from '../clone/repo.js';
import type { WakeRecord } from '../../core/wake/notes.js';
import type { WakeNotes } from './notes.js';
import { readCarried } from './pushed.js';

interface CatchUpState {
  /** HEAD when last scanned: the next scan reads `scannedTo..HEAD`. */
  scannedTo?: string;
  pending: CatchUpCandidate[];
}

/** What to wake this agent with now. */
export interface CatchUpWake {
  wake: PeerWake;
  commits: string[];
  /** This agent's registry entry at HEAD (session, wake mode, token reference), if listed. */
  agent: Agent | undefined;
  /** When this clone first saw the oldest of them (ms): how late they are, when entries lack a time. */
  firstSeenMs: number;
}

export interface CatchUpOptions {
  /** How long to wait for the pusher's note before assuming a wake was lost. Default 2 min. */
  graceMs?: number;
  /** Minimum time between two catch-up attempts for a commit after a failure. Default 60 s. */
  retryMs?: number;
  /** Candidates older than this are dropped (with a log line). Default 24 h. */
  maxAgeMs?: number;
}

const FILE = 'catch-up.json';

/** The parts of a clone the catch-up reads: its git, its state folder, its policy, its files port. */
export type CatchUpRepo = Pick<Repo, 'stateDir' | 'config'> & { git: Git; ports: { files: Pick<Files, 'readIfExists' | 'writeAtomic'> } };

/**
 * Store-and-forward, receiving side: remembers pulled commits whose entries concern this agent
 * (by the team's wake policy) and decides, from the wake notes, when its own Gateway must be woken
 * with what it missed. State lives in `.git/ois/catch-up.json`; nothing is ever woken twice for a
 * commit whose note says it was delivered. The decisions are core/wake/catch-up.ts.
 */
export class CatchUp {
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly repo: CatchUpRepo,
    private readonly identity: Identity,
    private readonly notes: WakeNotes,
    private readonly options: CatchUpOptions = {},
  ) {}

  /** Starts tracking at the current HEAD if this clone never scanned (history is not replayed). */
  async init(): Promise<void> {
    const state = await this.load();
    if (state.scannedTo !== undefined) return;
    const head = await this.repo.git.exec(resolveCommit('HEAD'));
    if (head !== undefined) await this.save({ ...state, scannedTo: head });
  }

  /** Whether commits are waiting for a decision (the caller then fetches notes more eagerly). */
  async waiting(): Promise<boolean> {
    return (await this.load()).pending.some((c) => !this.inFlight.has(c.sha));
  }

  /** Reads `scannedTo..HEAD` (others' commits only) and remembers those that concern this agent. */
  async scan(now: Date): Promise<number> {
    const state = await this.load();
    const head = await this.repo.git.exec(resolveCommit('HEAD'));
    if (head === undefined || head === state.scannedTo) return 0;
    const carried = await readCarried(this.repo.git, { from: state.scannedTo, to: head }, { skipAuthor: this.identity.id });
    const known = new Set(state.pending.map((c) => c.sha));
    let added = 0;
    for (const commit of carried.commits) {
      if (known.has(commit.sha) || this.concerning(carried.agents, commit) === undefined) continue;
      state.pending.push({ sha: commit.sha, firstSeenAt: now.toISOString() });
      added += 1;
    }
    await this.save({ ...state, scannedTo: head });
    return added;
  }

  /** Decides every waiting commit from its notes; returns the wake to send now, if any. */
  async due(now: Date): Promise<CatchUpWake | undefined> {
    const state = await this.load();
    const budget = this.repo.config.wake.budget;
    const timing: CatchUpTiming = {
      graceMs: this.options.graceMs ?? 120_000,
      retryMs: this.options.retryMs ?? 60_000,
      maxAgeMs: this.options.maxAgeMs ?? 86_400_000,
      maxHoldMs: Math.max(budget.cooldownMs, budget.exchangePauseMs),
    };
    const keep: CatchUpCandidate[] = [];
    const wakeNow: string[] = [];
    let firstSeen = now.getTime();
    // In flight: kept as they are; expired: dropped; the rest decided from their notes, all read at once
    // (a burst leaves dozens waiting, each decided on every call).
    const open = new Set(state.pending.filter((c) => !this.inFlight.has(c.sha) && !candidateExpired(c, now.getTime(), timing.maxAgeMs)));
    const notes = open.size === 0 ? new Map<string, WakeRecord[]>() : await this.notes.readMany([...open].map((c) => c.sha));
    for (const candidate of state.pending) {
      if (!open.has(candidate)) {
        if (this.inFlight.has(candidate.sha)) keep.push(candidate);
        continue;
      }
      const step = catchUpStep(candidate, notes.get(candidate.sha) ?? [], this.identity.id, now.getTime(), timing);
      if (step === 'drop') continue;
      keep.push(candidate);
      if (step === 'wake') {
        wakeNow.push(candidate.sha);
        firstSeen = Math.min(firstSeen, Date.parse(candidate.firstSeenAt));
      }
    }
    await this.save({ ...state, pending: keep });
    if (wakeNow.length === 0) return undefined;
    return this.build(wakeNow, firstSeen);
  }

  /** A catch-up wake for `commits` settled: delivered drops them, anything else retries later. */
  async settled(commits: readonly string[], delivered: boolean, now: Date): Promise<void> {
    for (const sha of commits) this.inFlight.delete(sha);
    const state = await this.load();
    await this.save({ ...state, pending: settleCandidates(state.pending, commits, delivered, now) });
  }

  private async build(shas: readonly string[], firstSeenMs: number): Promise<CatchUpWake | undefined> {
    const wake: PeerWake = { entries: [], sharedFiles: [] };
    const commits: string[] = [];
    let agent: Agent | undefined;
    for (const sha of shas) {
      const carried = await readCarried(this.repo.git, { from: `${sha}^`, to: sha }).catch(() => undefined);
      const commit = carried?.commits[0];
      const mine = carried === undefined || commit === undefined ? undefined : this.concerning(carried.agents, commit);
      if (carried === undefined || mine === undefined) continue;
      agent = carried.agents.find((a) => a.id.toLowerCase() === this.identity.id.toLowerCase()) ?? agent;
      wake.entries.push(...mine.entries);
      for (const file of mine.sharedFiles) if (!wake.sharedFiles.includes(file)) wake.sharedFiles.push(file);
      commits.push(sha);
      this.inFlight.add(sha);
    }
    return commits.length === 0 ? undefined : { wake, commits, agent, firstSeenMs };
  }

  private concerning(agents: readonly Agent[], commit: { entries: PeerWake['entries']; sharedFiles: readonly string[] }): PeerWake | undefined {
    return concerning(commit, agents, this.identity.id, this.repo.config.wake);
  }

  private async load(): Promise<CatchUpState> {
    const text = await this.repo.ports.files.readIfExists(join(this.repo.stateDir, FILE)).catch(() => undefined);
    try {
      const parsed = text === undefined ? {} : (JSON.parse(text) as Partial<CatchUpState>);
      const state: CatchUpState = { pending: Array.isArray(parsed.pending) ? parsed.pending : [] };
      if (typeof parsed.scannedTo === 'string') state.scannedTo = parsed.scannedTo;
      return state;
    } catch {
      return { pending: [] };
    }
  }

  private async save(state: CatchUpState): Promise<void> {
    await this.repo.ports.files.writeAtomic(join(this.repo.stateDir, FILE), `${JSON.stringify(state, null, 2)}\n`);
  }
}

/** The catch-up forwarder: what {@link CatchUp} finds due goes to this agent's own Gateway. */
export interface CatchUpForwarder {
  /** Decides the waiting commits and queues the catch-up wake that is due, if any. */
  forward(): Promise<void>;
  /** A catch-up wake settled (delivered or not): its commits are dropped or retried later. */
  settled(commits: readonly string[], delivered: boolean): Promise<void>;
}

export interface CatchUpForwarderDeps {
  catchUp: Pick<CatchUp, 'due' | 'settled'>;
  identity: Identity;
  log: Logger;
  now: () => Date;
  /** Hands the catch-up wake to the dispatcher (under this agent's id). */
  enqueue: (job: WakeJob) => void;
}

/**
 * Forwards to the own Gateway the entries that mention this agent and that no peer delivered; with no
 * own Gateway (`ois.gateway` unset) it says so once and lets the commits retry later.
 *
 * @example const forwarder = createCatchUpForwarder({ catchUp, identity, log, now, enqueue: (job) => dispatcher.enqueue(identity.id, job) })
 */
export function createCatchUpForwarder(deps: CatchUpForwarderDeps): CatchUpForwarder {
  const { catchUp, identity, log, now } = deps;
  let warnedNoGateway = false;
  return {
    async forward() {
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
      const notice = catchUpNotice(due.wake.entries, due.firstSeenMs, now().getTime());
      deps.enqueue({ target, self: true, wake: due.wake, commits: due.commits, notice });
    },
    settled: (commits, delivered) => catchUp.settled(commits, delivered, now()),
  };
}
