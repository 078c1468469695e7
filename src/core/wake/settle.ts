/**
 * What one settled wake means, as plain data: the sentence logged (and shown by `ois sync --json`),
 * its level and event, the kind of summary, whether it settles a catch-up, and the record noted on
 * its commits. Pure: after-push.ts logs it, keeps the summary and hands the record to the ledger.
 */
import { describeOutcome } from './describe.js';
import type { WakeJob } from './job.js';
import type { WakeRecord } from './notes.js';
import type { WakeOutcome } from './outcome.js';

export interface SettledWake {
  peerId: string;
  job: WakeJob;
  outcome: WakeOutcome;
  /** When it settled (ISO), and who made the call (this agent's id). */
  at: string;
  by: string;
  /** Where the peer's token is set (app/secrets/tokens.ts `tokenSourceHint`), for the advice on a refused token. */
  tokenSource: string;
}

export interface Settlement {
  /** `peer` for a wake of a peer or of own entries written in this clone; `catch-up` for store-and-forward. */
  kind: 'peer' | 'catch-up';
  event: 'wake' | 'catch-up';
  level: 'info' | 'warn' | 'debug';
  message: string;
  /** Set for a catch-up: whether its commits were delivered (dropped) or retried later. */
  catchUp?: { delivered: boolean };
  /** What the notes record on the job's commits (none for an aborted wake: it may still go out later). */
  record?: WakeRecord;
}

/**
 * The meaning of one settled wake.
 *
 * @example settlement({ peerId: 'bob', job, outcome: { kind: 'delivered' }, at, by: 'aria', tokenSource }).record
 * // { status: 'delivered', peer: 'bob', at, by: 'aria' }
 */
export function settlement(input: SettledWake): Settlement {
  const { job, outcome } = input;
  const catchUp = job.self && job.local !== true;
  const sentence = describeOutcome(job.self ? 'your own agent' : input.peerId, outcome, {
    gateway: job.target.gateway,
    mode: job.target.wake,
    tokenSource: input.tokenSource,
    ...(job.self ? { own: job.target.id } : {}),
  });
  const n = job.wake.entries.length;
  const count = outcome.kind !== 'delivered' ? '' : job.local === true ? ` (${n} ${n === 1 ? 'entry' : 'entries'} written in this clone)` : ` (${n} missed entries)`;
  const message = job.self ? `${catchUp ? 'catch-up' : 'own agent'}: ${sentence}${count}` : sentence;
  const level = outcome.kind === 'delivered' ? 'info' : outcome.kind === 'aborted' ? 'debug' : 'warn';
  const result: Settlement = { kind: catchUp ? 'catch-up' : 'peer', event: catchUp ? 'catch-up' : 'wake', level, message };
  if (catchUp) result.catchUp = { delivered: outcome.kind === 'delivered' };
  if (outcome.kind === 'aborted') return result;
  const peer = job.target.id.toLowerCase();
  result.record =
    outcome.kind === 'delivered' ? { status: 'delivered', peer, at: input.at, by: input.by } : { status: 'failed', peer, at: input.at, by: input.by, outcome: outcome.kind };
  return result;
}
