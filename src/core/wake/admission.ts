/**
 * The wake budget's steps between choosing peers and calling them, as pure decisions over plain data
 * (app/wake/budget-flow.ts runs them): which fresh wakes carry a due digest along, what a hold notes
 * and logs, the digest job rebuilt from held commits, who else wrote since the last look.
 */
import type { WakeBudget } from '../config/team.js';
import type { Agent } from '../registry/types.js';
import { digestNotice, holdSentence, type Admission, type PeerBudget } from './budget.js';
import { authorId } from './carried.js';
import type { PeerWake } from './choose.js';
import { mergeJobs, targetOf, type WakeJob } from './job.js';
import type { WakeRecord } from './notes.js';

/** A wake about to be admitted: the fresh job, with the peer's due digest folded in when there is one. */
export interface Pairing {
  peer: string;
  job: WakeJob;
  /** Whether a due digest rides along. */
  withDigest: boolean;
}

/**
 * Folds each peer's due digest (keyed by lower-case id) into its fresh wake; the digests of peers
 * without a fresh wake are returned apart, to be sent alone.
 *
 * @example pairWithDigests([['Bob', fresh]], new Map([['bob', digest], ['hkh', other]]))
 * // { fresh: [{ peer: 'Bob', job: mergeJobs(digest, fresh), withDigest: true }], alone: [['hkh', other]] }
 */
export function pairWithDigests(
  jobs: ReadonlyArray<readonly [peer: string, job: WakeJob]>,
  digests: ReadonlyMap<string, WakeJob>,
): { fresh: Pairing[]; alone: Array<[peer: string, job: WakeJob]> } {
  const left = new Map(digests);
  const fresh = jobs.map(([peer, job]): Pairing => {
    const digest = left.get(peer.toLowerCase());
    left.delete(peer.toLowerCase());
    return digest === undefined ? { peer, job, withDigest: false } : { peer, job: mergeJobs(digest, job), withDigest: true };
  });
  return { fresh, alone: [...left] };
}

/** A log line as the app's logger takes it (without importing the logger). */
export interface LogLine {
  level: 'debug' | 'info' | 'warn';
  message: string;
  fields: Record<string, unknown>;
}

/**
 * What holding `job` back does: the `held … until=…` record on its commits (so that the peer's own
 * catch-up waits for the digest instead of undoing the budget), and the log line: a warning when the
 * hold starts, a debug line for each further wake held for the same digest.
 *
 * @example holdOf('bob', job, { send: false, reason: 'burst', until: t, started: true }, policy, now, 'aria').record.status // 'held'
 */
export function holdOf(
  peer: string,
  job: WakeJob,
  admission: Extract<Admission, { send: false }>,
  policy: WakeBudget,
  now: Date,
  by: string,
): { record: WakeRecord; line: LogLine } {
  const until = new Date(admission.until).toISOString();
  const record: WakeRecord = { status: 'held', peer: job.target.id.toLowerCase(), at: now.toISOString(), by, until };
  const fields = { peer, reason: admission.reason, until };
  const line: LogLine = admission.started
    ? { level: 'warn', message: holdSentence(peer, admission.reason, admission.until, policy), fields }
    : { level: 'debug', message: `held another wake of ${peer} (${job.wake.entries.length} entries) for the digest`, fields };
  return { record, line };
}

/**
 * The digest wake of held commits, rebuilt from what they still carry for the peer; undefined when
 * the peer is no longer in the registry.
 *
 * @example digestJob({ wake, commits: ['c1'], agent: bob }, held, policy).notice // 'These entries were held …'
 */
export function digestJob(
  rebuilt: { wake: PeerWake; commits: string[]; agent: Agent | undefined },
  held: Pick<NonNullable<PeerBudget['held']>, 'reason' | 'since' | 'wakes'>,
  policy: WakeBudget,
): WakeJob | undefined {
  if (rebuilt.agent === undefined) return undefined;
  return { target: targetOf(rebuilt.agent), self: false, wake: rebuilt.wake, commits: rebuilt.commits, notice: digestNotice(held, policy) };
}

/**
 * Who else wrote, from commit author e-mails: ois ids (`?` for commits ois did not make), each once,
 * `self` left out.
 *
 * @example writersOf(['bob@ois.invalid', 'aria@ois.invalid', 'mia@example.com', 'bob@ois.invalid'], 'aria') // ['bob', '?']
 */
export function writersOf(emails: readonly string[], self: string): string[] {
  const ids = emails.map((email) => authorId(email) ?? '?');
  return [...new Set(ids)].filter((id) => id !== self.toLowerCase());
}
