import { describe, expect, it } from 'vitest';
import { DEFAULT_WAKE_BUDGET } from '../../../src/core/config/team.js';
import { digestJob, holdOf, pairWithDigests, writersOf } from '../../../src/core/wake/admission.js';
import { candidateExpired, catchUpNotice, catchUpStep, concerning, settleCandidates, type CatchUpTiming } from '../../../src/core/wake/catch-up.js';
import type { WakeJob } from '../../../src/core/wake/job.js';
import { exchangeVerdict, integrationStep } from '../../../src/core/wake/notes.js';
import { retryStep } from '../../../src/core/wake/retry.js';
import { settlement } from '../../../src/core/wake/settle.js';
import { boundaryFrom } from '../../../src/core/wake/boundary.js';
import { agent, entry } from './agents.js';

const bob = { id: 'bob', gateway: 'http://127.0.0.1:1/bob', session: 'agent:main:main', wake: 'invoke' as const };
const job = (extra: Partial<WakeJob> = {}, bodies = ['@bob hi']): WakeJob => ({
  target: bob,
  self: false,
  wake: { entries: bodies.map((b, i) => ({ ...entry('aria', b, ['bob']), id: `e${i}` })), sharedFiles: [] },
  commits: ['c1'],
  ...extra,
});
const AT = '2026-11-23T10:00:00.000Z';
const T0 = Date.parse(AT);

describe('settlement (core/wake/settle.ts): what a settled wake logs and notes', () => {
  const settle = (j: WakeJob, outcome: Parameters<typeof settlement>[0]['outcome'], peerId = 'bob') =>
    settlement({ peerId, job: j, outcome, at: AT, by: 'aria', tokenSource: 'OIS_TOKEN_BOB' });

  it('a delivered peer wake: info, event wake, delivered record on its commits', () => {
    expect(settle(job(), { kind: 'delivered' })).toEqual({
      kind: 'peer',
      event: 'wake',
      level: 'info',
      message: 'Woke bob.',
      record: { status: 'delivered', peer: 'bob', at: AT, by: 'aria' },
    });
  });

  it('a failed wake: warn, failed record with the outcome kind, peer id lower-cased', () => {
    const s = settle(job({ target: { ...bob, id: 'Bob' } }), { kind: 'unreachable', detail: 'ECONNREFUSED' });
    expect(s.level).toBe('warn');
    expect(s.record).toEqual({ status: 'failed', peer: 'bob', at: AT, by: 'aria', outcome: 'unreachable' });
    expect(s.message).toMatch(/Could not reach bob's Gateway \(http:\/\/127\.0\.0\.1:1\/bob\): ECONNREFUSED/);
  });

  it('an aborted wake is a debug line and notes nothing (it may still go out later)', () => {
    const s = settle(job(), { kind: 'aborted' });
    expect(s.level).toBe('debug');
    expect(s.record).toBeUndefined();
  });

  it('a catch-up says so, counts the missed entries and settles the catch-up', () => {
    const s = settle(job({ self: true, target: { ...bob, id: 'aria' } }, ['a', 'b']), { kind: 'delivered' }, 'aria');
    expect(s).toMatchObject({ kind: 'catch-up', event: 'catch-up', message: 'catch-up: Woke your own agent. (2 missed entries)', catchUp: { delivered: true } });
    expect(settle(job({ self: true }), { kind: 'unreachable', detail: 'x' }, 'aria').catchUp).toEqual({ delivered: false });
  });

  it('own entries written in this clone are a wake, not a catch-up', () => {
    const s = settle(job({ self: true, local: true }), { kind: 'delivered' }, 'aria');
    expect(s).toMatchObject({ kind: 'peer', event: 'wake', message: 'own agent: Woke your own agent. (1 entry written in this clone)' });
    expect(s.catchUp).toBeUndefined();
  });
});

describe('retryStep (core/wake/retry.ts)', () => {
  const limits = { maxAttempts: 3, maxRetryAfterMs: 60_000 };
  it('retries what is retryable until the attempts are used up', () => {
    expect(retryStep({ kind: 'unreachable', detail: 'x' }, 1, limits, false)).toEqual({ final: false });
    expect(retryStep({ kind: 'unreachable', detail: 'x' }, 3, limits, false)).toEqual({ final: true, report: { kind: 'unreachable', detail: 'x' } });
  });
  it('never retries what is final, keeps a Retry-After, and stops at one that is too long', () => {
    expect(retryStep({ kind: 'delivered' }, 1, limits, false).final).toBe(true);
    expect(retryStep({ kind: 'unauthorized' }, 1, limits, false).final).toBe(true);
    expect(retryStep({ kind: 'rate-limited', retryAfterMs: 5_000 }, 1, limits, false)).toEqual({ final: false, retryAfterMs: 5_000 });
    expect(retryStep({ kind: 'rate-limited', retryAfterMs: 61_000 }, 1, limits, false)).toEqual({ final: true, report: { kind: 'rate-limited', retryAfterMs: 61_000 } });
  });
  it('reports aborted when the dispatcher is closing, whatever the outcome', () => {
    expect(retryStep({ kind: 'delivered' }, 1, limits, true)).toEqual({ final: true, report: { kind: 'aborted' } });
  });
});

describe('the budget steps (core/wake/admission.ts)', () => {
  it('folds a due digest into the fresh wake of the same peer; other digests go alone', () => {
    const digest = job({ commits: ['old'], notice: 'held' }, ['@bob older']);
    const other = { ...job(), target: { ...bob, id: 'cleo' } };
    const { fresh, alone } = pairWithDigests([['Bob', job()]], new Map([['bob', digest], ['cleo', other]]));
    expect(fresh).toHaveLength(1);
    expect(fresh[0]).toMatchObject({ peer: 'Bob', withDigest: true, job: { commits: ['old', 'c1'], notice: 'held' } });
    expect(alone).toEqual([['cleo', other]]);
    expect(pairWithDigests([['bob', job()]], new Map()).fresh).toEqual([{ peer: 'bob', job: job(), withDigest: false }]);
  });

  it('a hold notes held…until on its commits; it warns when it starts, then logs at debug', () => {
    const now = new Date(T0);
    const started = holdOf('bob', job(), { send: false, reason: 'burst', until: T0 + 60_000, started: true }, DEFAULT_WAKE_BUDGET, now, 'aria');
    expect(started.record).toEqual({ status: 'held', peer: 'bob', at: AT, by: 'aria', until: '2026-11-23T10:01:00.000Z' });
    expect(started.line.level).toBe('warn');
    const again = holdOf('bob', job(), { send: false, reason: 'burst', until: T0 + 60_000, started: false }, DEFAULT_WAKE_BUDGET, now, 'aria');
    expect(again.line).toMatchObject({ level: 'debug', message: 'held another wake of bob (1 entries) for the digest' });
  });

  it('a digest is rebuilt for a peer still in the registry, with the digest notice', () => {
    const held = { reason: 'burst' as const, since: T0, wakes: 3 };
    const wake = { entries: [entry('aria', '@bob x', ['bob'])], sharedFiles: [] };
    const digest = digestJob({ wake, commits: ['c1'], agent: agent('bob') }, held, DEFAULT_WAKE_BUDGET);
    expect(digest).toMatchObject({ self: false, target: { id: 'bob' }, wake, commits: ['c1'] });
    expect(digest?.notice).toEqual(expect.any(String));
    expect(digestJob({ wake, commits: ['c1'], agent: undefined }, held, DEFAULT_WAKE_BUDGET)).toBeUndefined();
  });

  it('who else wrote: ois ids once, ? for commits ois did not make, self left out', () => {
    expect(writersOf(['bob@ois.invalid', 'ARIA@ois.invalid', 'aria@ois.invalid', 'mia@example.com', 'bob@ois.invalid'], 'Aria')).toEqual(['bob', '?']);
  });
});

describe('the catch-up steps (core/wake/catch-up.ts)', () => {
  const timing: CatchUpTiming = { graceMs: 120_000, retryMs: 60_000, maxAgeMs: 86_400_000, maxHoldMs: 300_000 };
  const candidate = { sha: 'c1', firstSeenAt: AT };

  it('waits for the grace period, then wakes; a delivered note drops the commit', () => {
    expect(catchUpStep(candidate, [], 'hkh', T0 + 1_000, timing)).toBe('keep');
    expect(catchUpStep(candidate, [], 'hkh', T0 + 120_000, timing)).toBe('wake');
    expect(catchUpStep(candidate, [{ status: 'delivered', peer: 'hkh', at: AT, by: 'aria' }], 'hkh', T0 + 200_000, timing)).toBe('drop');
  });

  it('a failed note wakes at once; a failed catch-up is not retried before retryMs', () => {
    const failed = [{ status: 'failed' as const, peer: 'hkh', at: AT, by: 'aria', outcome: 'unreachable' }];
    expect(catchUpStep(candidate, failed, 'hkh', T0 + 1, timing)).toBe('wake');
    const tried = { ...candidate, lastAttemptAt: '2026-11-23T10:00:30.000Z' };
    expect(catchUpStep(tried, failed, 'hkh', T0 + 60_000, timing)).toBe('keep');
    expect(catchUpStep(tried, failed, 'hkh', T0 + 90_000, timing)).toBe('wake');
  });

  it('a held note is waited for until its until plus the grace, never past the longest hold', () => {
    const held = (until: string) => [{ status: 'held' as const, peer: 'hkh', at: AT, by: 'aria', until }];
    expect(catchUpStep(candidate, held('2026-11-23T10:01:00.000Z'), 'hkh', T0 + 150_000, timing)).toBe('keep');
    expect(catchUpStep(candidate, held('2026-11-23T10:01:00.000Z'), 'hkh', T0 + 180_000, timing)).toBe('wake');
    // A forged hold of a day is believed only for maxHoldMs.
    expect(catchUpStep(candidate, held('2026-11-24T10:00:00.000Z'), 'hkh', T0 + 420_000, timing)).toBe('wake');
  });

  it('drops candidates older than maxAgeMs', () => {
    expect(candidateExpired(candidate, T0 + 86_400_001, timing.maxAgeMs)).toBe(true);
    expect(catchUpStep(candidate, [], 'hkh', T0 + 86_400_001, timing)).toBe('drop');
  });

  it('settling: delivered drops the commits, a failure stamps the attempt', () => {
    const pending = [candidate, { sha: 'c2', firstSeenAt: AT }];
    expect(settleCandidates(pending, ['c1'], true, new Date(T0))).toEqual([{ sha: 'c2', firstSeenAt: AT }]);
    expect(settleCandidates(pending, ['c1'], false, new Date(T0 + 5))[0]).toEqual({ ...candidate, lastAttemptAt: '2026-11-23T10:00:00.005Z' });
  });

  it('what concerns this agent is chosen as if someone else pushed; its own entries never count', () => {
    const agents = [agent('aria'), agent('hkh')];
    const policy = { mode: 'mentions', sharedFiles: false } as const;
    const mine = entry('aria', '@hkh look', ['hkh']);
    expect(concerning({ entries: [mine], sharedFiles: [] }, agents, 'HKH', policy)).toEqual({ entries: [mine], sharedFiles: [] });
    expect(concerning({ entries: [entry('hkh', '@hkh note', ['hkh'])], sharedFiles: [] }, agents, 'hkh', policy)).toBeUndefined();
    expect(concerning({ entries: [entry('aria', '@all hi', [], true)], sharedFiles: [] }, agents, 'hkh', policy)?.entries).toHaveLength(1);
  });

  it('the notice counts from the oldest entry time, or when the clone first saw them', () => {
    expect(catchUpNotice([{ at: AT }, { at: 'bad' }], T0 + 60_000, T0 + 750_000)).toMatch(/^These entries are late: written 13 min ago \(from 2026-11-23 10:00 UTC\)/);
    expect(catchUpNotice([{}], T0, T0 + 30_000)).toMatch(/written 30 s ago/);
  });
});

describe('the notes exchange decisions (core/wake/notes.ts)', () => {
  it('integration: nothing, a fast-forward, or a union merge', () => {
    expect(integrationStep({ local: 'a', remote: undefined, localHasRemote: false, remoteHasLocal: false })).toBe('none');
    expect(integrationStep({ local: 'a', remote: 'a', localHasRemote: false, remoteHasLocal: false })).toBe('none');
    expect(integrationStep({ local: 'a', remote: 'b', localHasRemote: true, remoteHasLocal: false })).toBe('none');
    expect(integrationStep({ local: undefined, remote: 'b', localHasRemote: false, remoteHasLocal: false })).toBe('fast-forward');
    expect(integrationStep({ local: 'a', remote: 'b', localHasRemote: false, remoteHasLocal: true })).toBe('fast-forward');
    expect(integrationStep({ local: 'a', remote: 'b', localHasRemote: false, remoteHasLocal: false })).toBe('merged');
  });

  it('a rejected or failed push stays dirty and is reported once per distinct problem', () => {
    expect(exchangeVerdict({ integrated: 'none', push: 'pushed' }, 'x')).toEqual({ dirty: false, problem: '', report: false });
    expect(exchangeVerdict({ integrated: 'none', push: 'rejected' }, '')).toEqual({ dirty: true, problem: 'the remote moved', report: true });
    expect(exchangeVerdict({ integrated: 'none', push: 'rejected' }, 'the remote moved').report).toBe(false);
    expect(exchangeVerdict({ integrated: 'merged', push: 'failed', problem: 'timeout' }, 'the remote moved')).toEqual({ dirty: true, problem: 'timeout', report: true });
  });
});

describe('boundaryFrom (core/wake/boundary.ts)', () => {
  it('maps each random byte to one letter or digit', () => {
    expect(boundaryFrom(new Uint8Array([0, 25, 26, 61, 62, 255]))).toBe('AZa9AH');
  });
});
