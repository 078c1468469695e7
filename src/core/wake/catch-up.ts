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
