import type { WakePolicy } from '../config/team.js';
import type { Agent } from '../registry/types.js';
import { choosePeers, type PeerWake } from './choose.js';
import { deliveryState, heldUntil, type WakeRecord } from './notes.js';

export interface CatchUpInput {
  /** The wake records noted on the commit. */
  records: readonly WakeRecord[];
  /** This agent's id. */
  self: string;
  /** When this clone first saw the commit, and now (ms). */
  firstSeenMs: number;
  nowMs: number;
  /** How long to wait for the pusher's note before assuming the wake was lost. */
  graceMs: number;
  /**
   * The longest a pusher's budget may hold a wake (the team's longest cooldown or pause): a `held`
   * note claiming longer (a teammate's forged note) is not believed past it.
   */
  maxHoldMs?: number;
}

/**
 * Whether this agent should wake itself for a pulled commit that mentions it: `done` when a wake
 * reached it (the pusher's, or an earlier catch-up), `wake` when the pusher noted a failure or no note
 * came within the grace period (the pusher crashed, or predates notes), else `wait`. A wake the
 * pusher's budget held back is the pusher's to send as a digest: waited for until its `until` plus the
 * grace period, so that a catch-up never undoes the budget, yet nothing stays undelivered if the
 * pusher went away.
 *
 * @example catchUpDecision({ records: [], self: 'hkh', firstSeenMs: 0, nowMs: 1000, graceMs: 120000 }) // 'wait'
 */
export function catchUpDecision(input: CatchUpInput): 'done' | 'wake' | 'wait' {
  const state = deliveryState(input.records, input.self);
  if (state === 'delivered') return 'done';
  if (state === 'failed') return 'wake';
  if (state === 'held') {
    const claimed = heldUntil(input.records, input.self) ?? input.firstSeenMs;
    const until = input.maxHoldMs === undefined ? claimed : Math.min(claimed, input.firstSeenMs + input.maxHoldMs);
    return input.nowMs - until >= input.graceMs ? 'wake' : 'wait';
  }
  return input.nowMs - input.firstSeenMs >= input.graceMs ? 'wake' : 'wait';
}

/**
 * What a catch-up wake says first: the entries are late, how late, and why (the agent's Gateway could
 * not be woken when they were written). `writtenMs` is the oldest entry's time.
 *
 * @example lateNotice(Date.parse('2026-11-23T10:00:00Z'), Date.parse('2026-11-23T10:12:30Z'))
 * // 'These entries are late: written 12 min ago (from 2026-11-23 10:00 UTC), while you were offline; your own ois delivers them now.'
 */
export function lateNotice(writtenMs: number, nowMs: number): string {
  const since = `${new Date(writtenMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `These entries are late: written ${ago(Math.max(0, nowMs - writtenMs))} ago (from ${since}), while you were offline; your own ois delivers them now.`;
}

function ago(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (ms < 90_000) return `${Math.max(1, Math.round(ms / 1000))} s`;
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
}

/** A pulled commit that concerns this agent, waiting for a catch-up decision (`.git/ois/catch-up.json`). */
export interface CatchUpCandidate {
  sha: string;
  /** When this clone first saw it (ISO). */
  firstSeenAt: string;
  /** When the last catch-up wake for it failed (ISO). */
  lastAttemptAt?: string;
}

/** The catch-up's timing (defaults in app/wake/catch-up.ts): grace for the pusher's note, retry spacing, age limit, longest hold believed. */
export interface CatchUpTiming {
  graceMs: number;
  retryMs: number;
  maxAgeMs: number;
  maxHoldMs: number;
}

/**
 * Whether a candidate is too old to deliver any more (dropped, with no note read).
 *
 * @example candidateExpired({ sha: 'c', firstSeenAt: '2026-11-23T10:00:00.000Z' }, Date.parse('2026-11-25T10:00:00Z'), 86_400_000) // true
 */
export function candidateExpired(candidate: CatchUpCandidate, nowMs: number, maxAgeMs: number): boolean {
  return nowMs - Date.parse(candidate.firstSeenAt) > maxAgeMs;
}

/**
 * What to do with one waiting candidate, from its notes: `drop` it (delivered, or expired), `keep`
 * waiting, or `wake` this agent now (and keep it until that wake settles). A failed catch-up is not
 * retried before `retryMs`.
 *
 * @example catchUpStep({ sha: 'c', firstSeenAt: t0 }, [], 'hkh', t0 + 130_000, timing) // 'wake' (no note within the grace)
 */
export function catchUpStep(candidate: CatchUpCandidate, records: readonly WakeRecord[], self: string, nowMs: number, timing: CatchUpTiming): 'drop' | 'keep' | 'wake' {
  if (candidateExpired(candidate, nowMs, timing.maxAgeMs)) return 'drop';
  const firstSeenMs = Date.parse(candidate.firstSeenAt);
  const decision = catchUpDecision({ records, self, firstSeenMs, nowMs, graceMs: timing.graceMs, maxHoldMs: timing.maxHoldMs });
  if (decision === 'done') return 'drop';
  const last = candidate.lastAttemptAt === undefined ? undefined : Date.parse(candidate.lastAttemptAt);
  return decision === 'wake' && (last === undefined || nowMs - last >= timing.retryMs) ? 'wake' : 'keep';
}

/**
 * The candidates after a catch-up wake settled: delivered drops them, anything else stamps the
 * attempt (retried after `retryMs`).
 *
 * @example settleCandidates([{ sha: 'c', firstSeenAt: t }], ['c'], true, now) // []
 */
export function settleCandidates(pending: readonly CatchUpCandidate[], commits: readonly string[], delivered: boolean, now: Date): CatchUpCandidate[] {
  const done = new Set(commits);
  return delivered ? pending.filter((c) => !done.has(c.sha)) : pending.map((c) => (done.has(c.sha) ? { ...c, lastAttemptAt: now.toISOString() } : c));
}

/**
 * The notice of a catch-up wake: how late its entries are, from the oldest entry time (or when this
 * clone first saw them, for entries without one).
 *
 * @example catchUpNotice([{ at: '2026-11-23T10:00:00.000Z' }], Date.parse('2026-11-23T10:05:00Z'), Date.parse('2026-11-23T10:12:30Z'))
 * // 'These entries are late: written 12 min ago (from 2026-11-23 10:00 UTC), …'
 */
export function catchUpNotice(entries: ReadonlyArray<{ at?: string }>, firstSeenMs: number, nowMs: number): string {
  const times = entries.map((e) => Date.parse(e.at ?? '')).filter((ms) => !Number.isNaN(ms));
  return lateNotice(Math.min(firstSeenMs, ...times), nowMs);
}

/**
 * What of a pulled commit concerns agent `self` by the team's policy, chosen as if someone else had
 * pushed (entries by `self` itself never count); undefined when nothing does.
 *
 * @example concerning({ entries: [hkhMentioned], sharedFiles: [] }, agents, 'hkh', policy) // { entries: [hkhMentioned], sharedFiles: [] }
 */
export function concerning(
  commit: { entries: PeerWake['entries']; sharedFiles: readonly string[] },
  agents: readonly Agent[],
  self: string,
  policy: Pick<WakePolicy, 'mode' | 'sharedFiles'>,
): PeerWake | undefined {
  const me = self.toLowerCase();
  const chosen = choosePeers({ entries: commit.entries, changedSharedFiles: commit.sharedFiles, agents, self: '', policy });
  for (const [id, wake] of chosen) if (id.toLowerCase() === me) return wake;
  return undefined;
}
