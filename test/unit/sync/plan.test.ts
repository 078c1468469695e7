import { describe, expect, it } from 'vitest';
import { isGuarded, observe, plan, type Outcome, type Step } from '../../../src/core/sync/plan.js';
import { startSnapshot, type SyncSnapshot } from '../../../src/core/sync/snapshot.js';

// Every decision of the sync over snapshots: no git, milliseconds. The real-git tests (test/git/sync*,
// test/e2e/watch*, test/reliability) cover the executor.

const A = 'a'.repeat(40); // the remote branch as last fetched
const B = 'b'.repeat(40); // a new local commit on A
const C = 'c'.repeat(40); // someone else's commit on A
const R = 'd'.repeat(40); // B replayed onto C
const M = 'e'.repeat(40); // a merge of queued pushes onto C, not on the remote yet

const half = (): number => 0.5;
const options = { pushFirst: false, retries: 8, backoffCapMs: 2_000 };

/** Feeds outcomes one after the other; returns the steps planned before each and the last one. */
function drive(outcomes: Outcome[], start: SyncSnapshot = startSnapshot(options)): { steps: Step[]; snapshot: SyncSnapshot } {
  let snapshot = start;
  const steps: Step[] = [plan(snapshot, half)];
  for (const outcome of outcomes) {
    snapshot = observe(snapshot, outcome);
    steps.push(plan(snapshot, half));
  }
  return { steps, snapshot };
}

const kinds = (steps: Step[]): string[] => steps.map((s) => s.kind);
const last = (steps: Step[]): Step => steps[steps.length - 1]!;
const nothing: Outcome = { kind: 'committed', commit: {} };
const madeB: Outcome = { kind: 'committed', commit: { sha: B, parent: A } };

describe('the sync planner', () => {
  it('commits first, before any network step', () => {
    expect(plan(startSnapshot(options), half)).toEqual({ kind: 'commit' });
    expect(plan(startSnapshot({ ...options, pushFirst: true }), half)).toEqual({ kind: 'commit' });
  });

  it('equal: nothing to do after the fetch', () => {
    const { steps } = drive([nothing, { kind: 'fetched', head: A, remote: A }]);
    expect(kinds(steps)).toEqual(['commit', 'fetch', 'done']);
    expect(last(steps)).toEqual({ kind: 'done', result: { relation: 'equal', pulled: 0 } });
  });

  it('ahead with the one fresh commit on top of the remote: pushes without the gate', () => {
    const { steps } = drive([madeB, { kind: 'fetched', head: B, remote: A, counts: { ahead: 1, behind: 0 } }, { kind: 'pushed', commit: B }]);
    expect(kinds(steps)).toEqual(['commit', 'fetch', 'push', 'done']);
    expect(steps[2]).toEqual({ kind: 'push', commit: B });
    expect(last(steps)).toEqual({ kind: 'done', result: { relation: 'ahead', pulled: 0, pushed: { from: A, to: B } } });
  });

  it('pushNew (a poll) with a new commit: pushes before fetching; rejected and queued, it backs off one short slot, then fetches', () => {
    const start = startSnapshot({ ...options, pushNew: true });
    const { steps } = drive([madeB, { kind: 'inspected', head: B, remote: A }, { kind: 'rejected', roundMs: 300, queued: { from: A, to: B } }, { kind: 'waited' }], start);
    expect(kinds(steps)).toEqual(['commit', 'inspect', 'push', 'back-off', 'fetch']);
    expect(steps[1]).toEqual({ kind: 'inspect', count: false });
    expect(steps[3]).toEqual({ kind: 'back-off', ms: 150 });
  });

  it('pushNew (a poll) with nothing new: fetches first, as any cycle', () => {
    const start = startSnapshot({ ...options, pushNew: true });
    const { steps } = drive([nothing, { kind: 'fetched', head: A, remote: C, counts: { ahead: 0, behind: 1 } }], start);
    expect(kinds(steps)).toEqual(['commit', 'fetch', 'commit']);
  });

  it('ahead with older local commits: the push gate checks the whole range first', () => {
    const { steps } = drive([nothing, { kind: 'fetched', head: B, remote: A, counts: { ahead: 2, behind: 0 } }]);
    expect(last(steps)).toEqual({ kind: 'gate', range: { from: A, to: B }, dirty: [], moved: true });
  });

  it('the gate rewrote everything away: nothing is pushed', () => {
    const { steps } = drive([nothing, { kind: 'fetched', head: B, remote: A, counts: { ahead: 1, behind: 0 } }, { kind: 'gated', head: A, notices: [] }]);
    expect(last(steps)).toEqual({ kind: 'done', result: { relation: 'equal', pulled: 0 } });
  });

  it('behind: commits again under the guard, then fast-forwards; nothing to push', () => {
    const { steps, snapshot } = drive([
      nothing,
      { kind: 'fetched', head: A, remote: C, counts: { ahead: 0, behind: 3 } },
      nothing,
      { kind: 'integrated', head: C, notices: [] },
    ]);
    expect(kinds(steps)).toEqual(['commit', 'fetch', 'commit', 'fast-forward', 'done']);
    expect(steps[3]).toEqual({ kind: 'fast-forward', from: A, to: C });
    expect(steps.map(isGuarded)).toEqual([true, false, true, true, false]);
    expect(last(steps)).toEqual({ kind: 'done', result: { relation: 'behind', pulled: 3 } });
    expect(snapshot.head).toBe(C);
  });

  it('behind, and something was written meanwhile: the new commit makes it diverged: replayed, gated and pushed, then the branch and work tree move', () => {
    const { steps } = drive([
      nothing,
      { kind: 'fetched', head: A, remote: C, counts: { ahead: 0, behind: 1 } },
      madeB,
      { kind: 'replayed', head: R },
      { kind: 'gated', head: R, notices: [] },
      { kind: 'pushed', commit: R },
      nothing,
      { kind: 'integrated', head: R, notices: [] },
    ]);
    expect(kinds(steps)).toEqual(['commit', 'fetch', 'commit', 'replay', 'gate', 'push', 'commit', 'move', 'done']);
    expect(steps[3]).toEqual({ kind: 'replay', from: B, onto: C, guarded: false });
    expect(steps[4]).toEqual({ kind: 'gate', range: { from: C, to: R }, dirty: [], moved: false });
    expect(steps[7]).toEqual({ kind: 'move', from: B, to: R });
    expect(steps.map(isGuarded)).toEqual([true, false, true, false, false, false, true, true, false]);
    expect(last(steps)).toEqual({ kind: 'done', result: { relation: 'diverged', pulled: 1, pushed: { from: C, to: R } } });
  });

  it('diverged: pushes the replayed commits before the work tree moves (the backup ref is the executor\'s first act of a replay)', () => {
    const dirtyB: Outcome = { kind: 'committed', commit: { sha: B, parent: A, dirty: ['chat/2026-12-02.md'] } };
    const fetched: Outcome = { kind: 'fetched', head: B, remote: C, counts: { ahead: 1, behind: 2 } };
    const { steps, snapshot } = drive([dirtyB, fetched, { kind: 'replayed', head: R }]);
    expect(kinds(steps)).toEqual(['commit', 'fetch', 'replay', 'gate']);
    expect(last(steps)).toEqual({ kind: 'gate', range: { from: C, to: R }, dirty: ['chat/2026-12-02.md'], moved: false });
    expect(snapshot.unmoved).toEqual({ from: B, to: R });
    expect(snapshot.head).toBe(B); // the branch has not moved
  });

  it('diverged, and written meanwhile: after the push, the new commit is replayed onto the pushed one; the next cycle pushes it', () => {
    const X = 'e'.repeat(40);
    const R2 = 'f'.repeat(40);
    const { steps } = drive([
      madeB,
      { kind: 'fetched', head: B, remote: C, counts: { ahead: 1, behind: 1 } },
      { kind: 'replayed', head: R },
      { kind: 'gated', head: R, notices: [] },
      { kind: 'pushed', commit: R },
      { kind: 'committed', commit: { sha: X, parent: B } },
      { kind: 'replayed', head: R2 },
      { kind: 'integrated', head: R2, notices: [] },
    ]);
    expect(kinds(steps)).toEqual(['commit', 'fetch', 'replay', 'gate', 'push', 'commit', 'replay', 'move', 'done']);
    expect(steps[6]).toEqual({ kind: 'replay', from: X, onto: R, guarded: true });
    expect(steps[7]).toEqual({ kind: 'move', from: X, to: R2 });
    expect(steps.slice(5, 8).every(isGuarded)).toBe(true);
    expect(last(steps)).toEqual({ kind: 'done', result: { relation: 'diverged', pulled: 1, pushed: { from: C, to: R } } });
  });

  it('the gate wants to rewrite before the branch moved: the branch moves first, then the gate runs again', () => {
    const { steps } = drive([
      madeB,
      { kind: 'fetched', head: B, remote: C, counts: { ahead: 1, behind: 1 } },
      { kind: 'replayed', head: R },
      { kind: 'gate-blocked' },
      nothing,
      { kind: 'integrated', head: R, notices: [] },
    ]);
    expect(kinds(steps)).toEqual(['commit', 'fetch', 'replay', 'gate', 'commit', 'move', 'gate']);
    expect(last(steps)).toEqual({ kind: 'gate', range: { from: C, to: R }, dirty: [], moved: true });
  });

  it('a replay that finds everything already upstream (a crash after the push): only the branch moves', () => {
    const { steps } = drive([nothing, { kind: 'fetched', head: B, remote: C, counts: { ahead: 1, behind: 1 } }, { kind: 'replayed', head: C }, nothing, { kind: 'integrated', head: C, notices: [] }]);
    expect(kinds(steps)).toEqual(['commit', 'fetch', 'replay', 'commit', 'move', 'done']);
    expect(last(steps)).toEqual({ kind: 'done', result: { relation: 'diverged', pulled: 1 } });
  });

  it('the dirty files of the last commit step are the ones carried (a later step that commits nothing updates them)', () => {
    const { snapshot } = drive([madeB, { kind: 'fetched', head: B, remote: C, counts: { ahead: 0, behind: 1 } }, { kind: 'committed', commit: { dirty: ['AGENTS.md'] } }]);
    expect(snapshot.last).toEqual({ sha: B, parent: A, dirty: ['AGENTS.md'] });
  });

  it('pushFirst with a new commit: pushes before fetching', () => {
    const start = startSnapshot({ ...options, pushFirst: true });
    const { steps } = drive([madeB, { kind: 'inspected', head: B, remote: A }, { kind: 'pushed', commit: B }], start);
    expect(kinds(steps)).toEqual(['commit', 'inspect', 'push', 'done']);
    expect(steps[1]).toEqual({ kind: 'inspect', count: false });
    expect(last(steps)).toEqual({ kind: 'done', result: { relation: 'ahead', pulled: 0, pushed: { from: A, to: B } } });
  });

  it('pushFirst with nothing to push: no network step at all', () => {
    const start = startSnapshot({ ...options, pushFirst: true });
    const { steps } = drive([nothing, { kind: 'inspected', head: A, remote: A, unpushed: 0 }], start);
    expect(kinds(steps)).toEqual(['commit', 'inspect', 'done']);
    expect(steps[1]).toEqual({ kind: 'inspect', count: true });
    expect(last(steps)).toEqual({ kind: 'done', result: { relation: 'equal', pulled: 0 } });
  });

  it('pushFirst with nothing new but unpushed commits from before: they go out through the gate', () => {
    const start = startSnapshot({ ...options, pushFirst: true });
    const { steps } = drive([nothing, { kind: 'inspected', head: B, remote: A, unpushed: 2 }], start);
    expect(last(steps)).toEqual({ kind: 'gate', range: { from: A, to: B }, dirty: [], moved: true });
  });

  it('rejected, then retried: backs off, fetches, replays what was pushed meanwhile, pushes again', () => {
    const start = startSnapshot({ ...options, pushFirst: true });
    const { steps } = drive(
      [
        madeB,
        { kind: 'inspected', head: B, remote: A },
        { kind: 'rejected', roundMs: 200 },
        { kind: 'waited' },
        { kind: 'fetched', head: B, remote: C, counts: { ahead: 1, behind: 1 } },
        { kind: 'replayed', head: R },
        { kind: 'gated', head: R, notices: [] },
        { kind: 'pushed', commit: R },
        nothing,
        { kind: 'integrated', head: R, notices: [] },
      ],
      start,
    );
    expect(kinds(steps)).toEqual(['commit', 'inspect', 'push', 'back-off', 'fetch', 'replay', 'gate', 'push', 'commit', 'move', 'done']);
    expect(last(steps)).toEqual({ kind: 'done', result: { relation: 'diverged', pulled: 1, pushed: { from: C, to: R } } });
  });

  it('backs off by observed contention: the window grows with the writers seen, not blindly', () => {
    const rejectedAfter = (incoming: number): Step => {
      const fetched: Outcome = { kind: 'fetched', head: B, remote: C, counts: { ahead: 1, behind: incoming } };
      return last(drive([madeB, fetched, { kind: 'replayed', head: R }, { kind: 'gated', head: R, notices: [] }, { kind: 'rejected', roundMs: 100 }]).steps);
    };
    expect(rejectedAfter(1)).toEqual({ kind: 'back-off', ms: 50 });
    expect(rejectedAfter(6)).toEqual({ kind: 'back-off', ms: 300 });
    expect(rejectedAfter(100)).toEqual({ kind: 'back-off', ms: 1_000 }); // the 2 s cap, half of it
  });

  it('retries exhausted: stops with PUSH_REJECTED, the commits kept', () => {
    const rejected: Outcome[] = [madeB, { kind: 'fetched', head: B, remote: A, counts: { ahead: 1, behind: 0 } }, { kind: 'rejected', roundMs: 50 }];
    for (let i = 0; i < 2; i += 1) rejected.push({ kind: 'waited' }, { kind: 'fetched', head: B, remote: A, counts: { ahead: 1, behind: 0 } }, { kind: 'rejected', roundMs: 50 });
    const { steps } = drive(rejected, startSnapshot({ ...options, retries: 2 }));
    const stop = last(steps);
    expect(stop.kind).toBe('stop');
    expect(stop.kind === 'stop' && stop.error.code).toBe('PUSH_REJECTED');
    expect(stop.kind === 'stop' && stop.error.message).toBe('the remote kept moving: 3 pushes were rejected');
    expect(kinds(steps).filter((k) => k === 'push')).toHaveLength(3);
  });

  it('remote without the branch: pushes what there is (through the gate: it creates the branch)', () => {
    const { steps } = drive([madeB, { kind: 'fetched', head: B }, { kind: 'gated', head: B, notices: [] }, { kind: 'pushed', commit: B }]);
    expect(steps[2]).toEqual({ kind: 'gate', range: { to: B }, dirty: [], moved: true });
    expect(last(steps)).toEqual({ kind: 'done', result: { relation: 'no-remote-branch', pulled: 0, pushed: { to: B } } });
  });

  it('remote without the branch and nothing committed: done, nothing pushed', () => {
    const { steps } = drive([nothing, { kind: 'fetched' }]);
    expect(last(steps)).toEqual({ kind: 'done', result: { relation: 'no-remote-branch', pulled: 0 } });
  });

  it('unborn local branch: takes the remote history by checkout', () => {
    const { steps } = drive([nothing, { kind: 'fetched', remote: C }, nothing, { kind: 'integrated', head: C, notices: [] }]);
    expect(kinds(steps)).toEqual(['commit', 'fetch', 'commit', 'checkout', 'done']);
    expect(steps[3]).toEqual({ kind: 'checkout', to: C });
    expect(last(steps)).toEqual({ kind: 'done', result: { relation: 'behind', pulled: 1 } });
  });

  it('network down: stops with REMOTE_UNREACHABLE, saying the commits are kept', () => {
    const failed: Outcome = { kind: 'failed', failed: { op: 'fetch', stderr: "fatal: unable to access 'https://tok@example.test/x.git/': Could not resolve host: example.test\n" } };
    const stop = last(drive([madeB, failed]).steps);
    expect(stop.kind === 'stop' && stop.error.code).toBe('REMOTE_UNREACHABLE');
    expect(stop.kind === 'stop' && stop.error.hint).toMatch(/kept locally/);
    expect(stop.kind === 'stop' && stop.error.message).not.toContain('tok@');
  });

  it('auth refused: stops with AUTH_REFUSED', () => {
    const failed: Outcome = { kind: 'failed', failed: { op: 'push', stderr: 'git@example.test: Permission denied (publickey).\nfatal: Could not read from remote repository.\n' } };
    const stop = last(drive([madeB, { kind: 'fetched', head: B, remote: A, counts: { ahead: 1, behind: 0 } }, failed]).steps);
    expect(stop.kind === 'stop' && stop.error.code).toBe('AUTH_REFUSED');
  });

  it('a machine failure during a fetch keeps its own code', async () => {
    const { OisError } = await import('../../../src/core/errors.js');
    const typed = new OisError('DISK_FULL', 'the disk is full');
    const stop = last(drive([nothing, { kind: 'failed', failed: { op: 'fetch', stderr: 'No space left on device', typed } }]).steps);
    expect(stop.kind === 'stop' && stop.error.code).toBe('DISK_FULL');
  });

  it('the push gate path: notices of the gate and of the work-tree update reach the result', () => {
    const kept = { kind: 'not-pushed', path: 'AGENTS.md', detail: 'fails lint' } as never;
    const moved = { kind: 'kept-aside', path: 'chat/x.md', detail: 'merge' } as never;
    const { steps } = drive([
      nothing,
      { kind: 'fetched', head: B, remote: C, counts: { ahead: 1, behind: 1 } },
      { kind: 'replayed', head: R },
      { kind: 'gated', head: R, notices: [kept] },
      { kind: 'pushed', commit: R },
      nothing,
      { kind: 'integrated', head: R, notices: [moved] },
    ]);
    expect(last(steps)).toEqual({ kind: 'done', result: { relation: 'diverged', pulled: 1, pushed: { from: C, to: R }, notices: [kept, moved] } });
  });
});

describe('the sync planner with queued pushes (core/sync/queue.ts)', () => {

  it('a rejected push that went out as a queue ref is in the result, and the next push starts after it', () => {
    const pushFirst = startSnapshot({ ...options, pushFirst: true });
    const { steps } = drive(
      [
        madeB,
        { kind: 'inspected', head: B, remote: A },
        { kind: 'rejected', roundMs: 100, queued: { from: A, to: B } },
        { kind: 'waited' },
        // The fetch found B queued (and C on the remote): M merges B onto C; B is already in it.
        { kind: 'fetched', head: B, remote: M, upstream: C, counts: { ahead: 0, behind: 2 } },
        { kind: 'replayed', head: M },
        { kind: 'gated', head: M, notices: [] },
        { kind: 'pushed', commit: M },
        nothing,
        { kind: 'integrated', head: M, notices: [] },
      ],
      pushFirst,
    );
    // Behind the merge (it holds B): the merge is pushed although nothing of ours is left to replay
    // (without queued pushes that is "behind": fast-forward, done), and before the work tree moves to it.
    expect(kinds(steps)).toEqual(['commit', 'inspect', 'push', 'back-off', 'fetch', 'replay', 'gate', 'push', 'commit', 'move', 'done']);
    expect(steps[5]).toEqual({ kind: 'replay', from: B, onto: M, guarded: false });
    expect(steps[7]).toEqual({ kind: 'push', commit: M });
    expect(steps[9]).toEqual({ kind: 'move', from: B, to: M });
    expect(last(steps)).toEqual({ kind: 'done', result: { relation: 'behind', pulled: 2, pushed: { from: M, to: M }, queued: [{ from: A, to: B }] } });
  });

  it('everything of ours already in the merge after a replay: the merge still goes out', () => {
    const { steps } = drive([nothing, { kind: 'fetched', head: B, remote: M, upstream: C, counts: { ahead: 1, behind: 2 } }, { kind: 'replayed', head: M }]);
    expect(kinds(steps)).toEqual(['commit', 'fetch', 'replay', 'gate']);
    expect(last(steps)).toEqual({ kind: 'gate', range: { from: M, to: M }, dirty: [], moved: false });
    const gated = drive([nothing, { kind: 'fetched', head: B, remote: M, upstream: C, counts: { ahead: 1, behind: 2 } }, { kind: 'replayed', head: M }, { kind: 'gated', head: M, notices: [] }]);
    expect(last(gated.steps)).toEqual({ kind: 'push', commit: M });
    // Without a merge of queued pushes, the same replay means nothing to push, only the branch to move.
    const plain = drive([nothing, { kind: 'fetched', head: B, remote: C, counts: { ahead: 1, behind: 1 } }, { kind: 'replayed', head: C }]);
    expect(last(plain.steps)).toEqual({ kind: 'commit' });
  });

  it('a merge that was pushed is the remote: the next fetch forgets it', () => {
    const { snapshot } = drive([nothing, { kind: 'fetched', head: B, remote: M, upstream: C, counts: { ahead: 1, behind: 2 } }, { kind: 'replayed', head: R }, { kind: 'gated', head: R, notices: [] }, { kind: 'pushed', commit: R }]);
    expect(snapshot.upstream).toBeUndefined();
    expect(snapshot.pushed).toEqual({ from: M, to: R });
  });
});

describe('a queued rejection backs off one short slot', () => {
  it('queued: at most 500 ms (or one round), instead of the contention back-off', () => {
    const pushFirst = startSnapshot({ ...options, pushFirst: true });
    const queued = drive([madeB, { kind: 'inspected', head: B, remote: A }, { kind: 'rejected', roundMs: 2_000, queued: { from: A, to: B } }], pushFirst);
    expect(last(queued.steps)).toEqual({ kind: 'back-off', ms: 250 });
    const plain = drive([madeB, { kind: 'inspected', head: B, remote: A }, { kind: 'rejected', roundMs: 2_000 }], pushFirst);
    expect(last(plain.steps)).toEqual({ kind: 'back-off', ms: expect.any(Number) as number });
    expect((last(plain.steps) as { ms: number }).ms).not.toBe(250);
  });

  it('the same when the rejected push was the merge of queued pushes: the queued writers wait for it', () => {
    const merge = drive([nothing, { kind: 'fetched', head: B, remote: M, upstream: C, counts: { ahead: 0, behind: 2 } }, { kind: 'replayed', head: M }, { kind: 'gated', head: M, notices: [] }, { kind: 'rejected', roundMs: 2_000 }]);
    expect(last(merge.steps)).toEqual({ kind: 'back-off', ms: 250 });
  });
});
