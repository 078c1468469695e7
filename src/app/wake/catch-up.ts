import { join } from 'node:path';
import { readIfExists, writeAtomic } from '../../adapters/files.js';
import type { Identity } from '../../core/identity.js';
import { catchUpDecision } from '../../core/wake/catch-up.js';
import { choosePeers, type PeerWake } from '../../core/wake/choose.js';
import type { Agent } from '../../core/registry/types.js';
import type { Repo } from '../clone/repo.js';
import { resolveRef } from '../sync/refs.js';
import type { WakeNotes } from './notes.js';
import { readCarried } from './pushed.js';

/** A pulled commit that mentions this agent and whose wake is not known to have arrived. */
interface Candidate {
  sha: string;
  /** When this clone first saw it (ISO). */
  firstSeenAt: string;
  /** When the last catch-up wake for it failed (ISO). */
  lastAttemptAt?: string;
}

interface CatchUpState {
  /** HEAD when last scanned: the next scan reads `scannedTo..HEAD`. */
  scannedTo?: string;
  pending: Candidate[];
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

/**
 * Store-and-forward, receiving side: remembers pulled commits whose entries concern this agent
 * (by the team's wake policy) and decides, from the wake notes, when its own Gateway must be woken
 * with what it missed. State lives in `.git/ois/catch-up.json`; nothing is ever woken twice for a
 * commit whose note says it was delivered.
 */
export class CatchUp {
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly repo: Pick<Repo, 'git' | 'stateDir' | 'config'>,
    private readonly identity: Identity,
    private readonly notes: WakeNotes,
    private readonly options: CatchUpOptions = {},
  ) {}

  /** Starts tracking at the current HEAD if this clone never scanned (history is not replayed). */
  async init(): Promise<void> {
    const state = await this.load();
    if (state.scannedTo !== undefined) return;
    const head = await resolveRef(this.repo.git, 'HEAD');
    if (head !== undefined) await this.save({ ...state, scannedTo: head });
  }

  /** Whether commits are waiting for a decision (the caller then fetches notes more eagerly). */
  async waiting(): Promise<boolean> {
    return (await this.load()).pending.some((c) => !this.inFlight.has(c.sha));
  }

  /** Reads `scannedTo..HEAD` (others' commits only) and remembers those that concern this agent. */
  async scan(now: Date): Promise<number> {
    const state = await this.load();
    const head = await resolveRef(this.repo.git, 'HEAD');
    if (head === undefined || head === state.scannedTo) return 0;
    const carried = await readCarried(this.repo.git, { from: state.scannedTo, to: head }, { skipAuthor: this.identity.id });
    const known = new Set(state.pending.map((c) => c.sha));
    let added = 0;
    for (const commit of carried.commits) {
      if (known.has(commit.sha) || this.concerning(carried.agents, commit.entries, commit.sharedFiles) === undefined) continue;
      state.pending.push({ sha: commit.sha, firstSeenAt: now.toISOString() });
      added += 1;
    }
    await this.save({ ...state, scannedTo: head });
    return added;
  }

  /** Decides every waiting commit from its notes; returns the wake to send now, if any. */
  async due(now: Date): Promise<CatchUpWake | undefined> {
    const state = await this.load();
    const options = { graceMs: this.options.graceMs ?? 120_000, retryMs: this.options.retryMs ?? 60_000, maxAgeMs: this.options.maxAgeMs ?? 86_400_000 };
    const keep: Candidate[] = [];
    const wakeNow: string[] = [];
    let firstSeen = now.getTime();
    for (const candidate of state.pending) {
      const firstSeenMs = Date.parse(candidate.firstSeenAt);
      if (this.inFlight.has(candidate.sha)) {
        keep.push(candidate);
        continue;
      }
      if (now.getTime() - firstSeenMs > options.maxAgeMs) continue;
      const records = await this.notes.read(candidate.sha);
      const budget = this.repo.config.wake.budget;
      const maxHoldMs = Math.max(budget.cooldownMs, budget.exchangePauseMs);
      const decision = catchUpDecision({ records, self: this.identity.id, firstSeenMs, nowMs: now.getTime(), graceMs: options.graceMs, maxHoldMs });
      if (decision === 'done') continue;
      keep.push(candidate);
      const last = candidate.lastAttemptAt === undefined ? undefined : Date.parse(candidate.lastAttemptAt);
      if (decision === 'wake' && (last === undefined || now.getTime() - last >= options.retryMs)) {
        wakeNow.push(candidate.sha);
        firstSeen = Math.min(firstSeen, firstSeenMs);
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
    const done = new Set(commits);
    const pending = delivered
      ? state.pending.filter((c) => !done.has(c.sha))
      : state.pending.map((c) => (done.has(c.sha) ? { ...c, lastAttemptAt: now.toISOString() } : c));
    await this.save({ ...state, pending });
  }

  private async build(shas: readonly string[], firstSeenMs: number): Promise<CatchUpWake | undefined> {
    const wake: PeerWake = { entries: [], sharedFiles: [] };
    const commits: string[] = [];
    let agent: Agent | undefined;
    for (const sha of shas) {
      const carried = await readCarried(this.repo.git, { from: `${sha}^`, to: sha }).catch(() => undefined);
      const commit = carried?.commits[0];
      const mine = carried === undefined || commit === undefined ? undefined : this.concerning(carried.agents, commit.entries, commit.sharedFiles);
      if (carried === undefined || mine === undefined) continue;
      agent = carried.agents.find((a) => a.id.toLowerCase() === this.identity.id.toLowerCase()) ?? agent;
      wake.entries.push(...mine.entries);
      for (const file of mine.sharedFiles) if (!wake.sharedFiles.includes(file)) wake.sharedFiles.push(file);
      commits.push(sha);
      this.inFlight.add(sha);
    }
    return commits.length === 0 ? undefined : { wake, commits, agent, firstSeenMs };
  }

  /** What of a commit concerns this agent by the team's policy (undefined: nothing). */
  private concerning(agents: readonly Agent[], entries: PeerWake['entries'], sharedFiles: readonly string[]): PeerWake | undefined {
    const self = this.identity.id.toLowerCase();
    // Chosen as if someone else had pushed: the policy decides; entries by this agent never count.
    const chosen = choosePeers({ entries, changedSharedFiles: sharedFiles, agents, self: '', policy: this.repo.config.wake });
    for (const [id, wake] of chosen) if (id.toLowerCase() === self) return wake;
    return undefined;
  }

  private async load(): Promise<CatchUpState> {
    const text = await readIfExists(join(this.repo.stateDir, FILE)).catch(() => undefined);
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
    await writeAtomic(join(this.repo.stateDir, FILE), `${JSON.stringify(state, null, 2)}\n`);
  }
}
