import { describe, expect, it } from 'vitest';
import { DEFAULT_WAKE_BUDGET, type WakeBudget } from '../../../src/core/config/team.js';
import { admitWake, budgetActive, describeHold, EMPTY_BUDGET, heldPairs, observeWriters } from '../../../src/core/wake/budget.js';
import { parseBudgetState, recordWake, takeDueDigests, type Admission, type BudgetState } from '../../../src/core/wake/budget.js';
import { catchUpDecision } from '../../../src/core/wake/catch-up.js';
import { deliveryState, formatWakeRecord, heldUntil, parseWakeNote } from '../../../src/core/wake/notes.js';

const policy: WakeBudget = { ...DEFAULT_WAKE_BUDGET, pairWakes: 3, windowMs: 60_000, cooldownMs: 60_000, exchangeRounds: 2, exchangeGapMs: 300_000, exchangePauseMs: 900_000 };

/** Runs wakes of `peer` at the given times; returns the admissions and the final state. */
function run(times: number[], peer = 'hkh', start: BudgetState = EMPTY_BUDGET, p = policy): { admissions: Admission[]; state: BudgetState } {
  let state = start;
  const admissions: Admission[] = [];
  for (const [i, at] of times.entries()) {
    const result = admitWake(state, peer, [`c${i}`], at, p);
    state = result.state;
    admissions.push(result.admission);
  }
  return { admissions, state };
}

describe('wake budget: bursts', () => {
  it('sends pairWakes wakes within the window, then holds the rest until the cooldown ends, keeping every commit', () => {
    const { admissions, state } = run([0, 1_000, 2_000, 3_000, 4_000, 5_000]);
    expect(admissions.map((a) => a.send)).toEqual([true, true, true, false, false, false]);
    expect(admissions[3]).toEqual({ send: false, reason: 'burst', until: 63_000, started: true });
    expect(admissions[4]).toMatchObject({ started: false, until: 63_000 });
    expect(state.peers.hkh?.held).toEqual({ reason: 'burst', since: 3_000, wakes: 3, commits: ['c3', 'c4', 'c5'] });
    expect(heldPairs(state, 10_000)).toEqual([{ peer: 'hkh', reason: 'burst', until: new Date(63_000).toISOString(), since: new Date(3_000).toISOString(), wakes: 3 }]);
    // Nothing is due during the cooldown; afterwards one digest carries all three, and the window starts afresh.
    expect(takeDueDigests(state, 62_999).due).toEqual([]);
    const after = takeDueDigests(state, 63_000);
    expect(after.due).toEqual([{ peer: 'hkh', held: { reason: 'burst', since: 3_000, wakes: 3, commits: ['c3', 'c4', 'c5'] } }]);
    expect(after.state.peers.hkh?.held).toBeUndefined();
    const resumed = recordWake(after.state, 'hkh', 63_000, policy);
    expect(run([64_000, 65_000], 'hkh', resumed).admissions.map((a) => a.send)).toEqual([true, true]);
  });

  it('counts each peer on its own, and spreads-out wakes never trip it', () => {
    let state = run([0, 1, 2, 3]).state;
    expect(admitWake(state, 'bob', ['x'], 4, policy).admission.send).toBe(true);
    state = run([0, 30_000, 61_000, 92_000, 123_000], 'cleo').state;
    expect(state.peers.cleo?.held).toBeUndefined();
  });

  it('is off with enabled: false', () => {
    const off = { ...policy, enabled: false };
    expect(run([0, 1, 2, 3, 4, 5], 'hkh', EMPTY_BUDGET, off).admissions.every((a) => a.send)).toBe(true);
  });
});

describe('wake budget: long two-agent exchanges', () => {
  const slow = { ...policy, pairWakes: 100 };
  /** hkh answers (observed), then this clone wakes hkh again: one round per step. */
  function exchange(rounds: number, start = 0, step = 10_000, state: BudgetState = EMPTY_BUDGET): { admissions: Admission[]; state: BudgetState } {
    const admissions: Admission[] = [];
    for (let i = 0; i < rounds; i += 1) {
      if (i > 0) state = observeWriters(state, ['hkh']);
      const result = admitWake(state, 'hkh', [`r${i}`], start + i * step, slow);
      state = result.state;
      admissions.push(result.admission);
    }
    return { admissions, state };
  }

  it('pauses after exchangeRounds rounds of answers with nobody else writing', () => {
    const { admissions, state } = exchange(4);
    expect(admissions.map((a) => a.send)).toEqual([true, true, false, false]);
    expect(admissions[2]).toEqual({ send: false, reason: 'exchange', until: 20_000 + 900_000, started: true });
    expect(heldPairs(state, 40_000)[0]).toMatchObject({ peer: 'hkh', reason: 'exchange', wakes: 2 });
    expect(describeHold('exchange', slow)).toContain('wake.budget.exchangeRounds');
    expect(describeHold('burst', slow)).toBe('100 wakes within 60 s (wake.budget.pairWakes)');
  });

  it('a third member writing ends the pause at once: the held wakes are due as one digest', () => {
    const paused = exchange(3).state;
    expect(takeDueDigests(paused, 30_000).due).toEqual([]);
    const lifted = observeWriters(paused, ['cleo']);
    expect(takeDueDigests(lifted, 30_000).due).toEqual([{ peer: 'hkh', held: expect.objectContaining({ reason: 'exchange', commits: ['r2'] }) }]);
  });

  it('the pause also ends by time, and then the exchange starts afresh', () => {
    const paused = exchange(3).state;
    const { due, state } = takeDueDigests(paused, 20_000 + 900_000);
    expect(due).toHaveLength(1);
    expect(state.peers.hkh?.exchange).toBeUndefined();
    expect(admitWake(observeWriters(state, ['hkh']), 'hkh', ['n'], 921_000, slow).admission.send).toBe(true);
  });

  it('does not count wakes the peer never answered (a monologue), nor rounds further apart than exchangeGapMs', () => {
    let state: BudgetState = EMPTY_BUDGET;
    for (let i = 0; i < 6; i += 1) {
      const result = admitWake(state, 'hkh', [`m${i}`], i * 10_000, slow);
      expect(result.admission.send).toBe(true);
      state = result.state;
    }
    expect(state.peers.hkh?.exchange?.rounds).toBe(1);
    const spaced = exchange(6, 0, 301_000);
    expect(spaced.admissions.every((a) => a.send)).toBe(true);
  });

  it('the peer writing does not end its own exchange; anyone else does', () => {
    const state = exchange(2).state;
    expect(observeWriters(state, ['hkh']).peers.hkh?.exchange?.answered).toBe(true);
    expect(observeWriters(state, ['?']).peers.hkh?.exchange).toBeUndefined();
    expect(observeWriters(state, []).peers.hkh?.exchange?.rounds).toBe(2);
  });
});

describe('wake budget state on disk', () => {
  it('round-trips through JSON, and a damaged file starts afresh instead of throwing', () => {
    const state = run([0, 1, 2, 3]).state;
    expect(parseBudgetState(JSON.stringify({ seen: 'abc', ...state }))).toEqual(state);
    expect(parseBudgetState('{not json')).toEqual({ peers: {} });
    expect(parseBudgetState(JSON.stringify({ peers: { HKH: { sent: ['x', 5], held: { reason: 'nope' } } } }))).toEqual({ peers: { hkh: { sent: [5] } } });
    expect(parseBudgetState(undefined)).toEqual({ peers: {} });
    expect(budgetActive(EMPTY_BUDGET)).toBe(false);
    expect(budgetActive(state)).toBe(true);
  });
});

describe('held wakes and the receiver\'s catch-up', () => {
  const held = { status: 'held' as const, peer: 'hkh', at: '2026-11-23T10:00:00.000Z', by: 'aria', until: '2026-11-23T10:15:00.000Z' };
  const until = Date.parse(held.until);

  it('notes a held wake with its until, and parses it back', () => {
    const line = formatWakeRecord(held);
    expect(line).toBe('ois-wake held peer=hkh at=2026-11-23T10:00:00.000Z by=aria until=2026-11-23T10:15:00.000Z');
    expect(parseWakeNote(line)).toEqual([held]);
    expect(heldUntil([held], 'HKH')).toBe(until);
    expect(deliveryState([held], 'hkh')).toBe('held');
  });

  it('waits for the pusher\'s digest until `until` plus the grace period, then wakes itself; a delivered digest ends it', () => {
    const base = { records: [held], self: 'hkh', firstSeenMs: until - 600_000, graceMs: 120_000 };
    expect(catchUpDecision({ ...base, nowMs: until })).toBe('wait');
    expect(catchUpDecision({ ...base, nowMs: until + 119_999 })).toBe('wait');
    expect(catchUpDecision({ ...base, nowMs: until + 120_000 })).toBe('wake');
    const digest = { status: 'delivered' as const, peer: 'hkh', at: '2026-11-23T10:15:01.000Z', by: 'aria' };
    expect(catchUpDecision({ ...base, records: [held, digest], nowMs: until + 999_999 })).toBe('done');
    // A forged note holding the wake for a year is not believed past the team's longest hold.
    const forged = { ...held, until: '2027-11-23T10:00:00.000Z' };
    expect(catchUpDecision({ ...base, records: [forged], nowMs: until + 120_000 })).toBe('wait');
    expect(catchUpDecision({ ...base, records: [forged], maxHoldMs: 900_000, nowMs: base.firstSeenMs + 900_000 + 120_000 })).toBe('wake');
    // A digest that failed later is a failure: catch up now.
    const failed = { status: 'failed' as const, peer: 'hkh', at: '2026-11-23T10:15:01.000Z', by: 'aria', outcome: 'unreachable' };
    expect(catchUpDecision({ ...base, records: [held, failed], nowMs: until })).toBe('wake');
  });
});
