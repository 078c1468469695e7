import { describe, expect, it } from 'vitest';
import { carriedBy, type CarriedCommit } from '../../../src/core/wake/carried.js';
import { mergeJobs, type WakeJob } from '../../../src/core/wake/job.js';
import { planWakes, type WakePlanInput } from '../../../src/core/wake/plan.js';
import { settlement } from '../../../src/core/wake/settle.js';
import { agent, entry } from './agents.js';

const agents = [agent('aria'), agent('bob'), agent('cleo')];
const mentions = { mode: 'mentions', sharedFiles: false } as const;
const aria = { id: 'aria' };

function plan(commits: CarriedCommit[], extra: Partial<WakePlanInput> = {}) {
  return planWakes({ commits, agents, self: aria, policy: mentions, ...extra });
}
const peersOf = (p: ReturnType<typeof plan>): Record<string, { bodies: string[]; files: string[]; commits: string[] }> =>
  Object.fromEntries(p.peers.map(([id, job]) => [id, { bodies: job.wake.entries.map((e) => e.body), files: job.wake.sharedFiles, commits: job.commits }]));

/** What a pushed commit carried, read from chat-log texts as pushed.ts reads them from git. */
function pushed(sha: string, email: string, chat: string, before?: string, files: string[] = []): CarriedCommit[] {
  const texts = new Map([[`${sha}:chat/2026-11-23.md`, chat], ...(before === undefined ? [] : [[`p${sha}:chat/2026-11-23.md`, before] as const])]);
  return carriedBy([{ sha, parent: `p${sha}`, email, files: ['chat/2026-11-23.md', ...files] }], (name) => texts.get(name), agents);
}
const day = (...bodies: string[]): string => `# 2026-11-23 Chat Log\n\n${bodies.map((b) => `## 10:00 - ARIA\n\n${b}\n\n---\n`).join('\n')}`;

describe('planWakes (core/wake/plan.ts)', () => {
  it('wakes the mentioned peers with their entries and exactly the commits that carry them', () => {
    const p = plan([
      { sha: 'c1', author: 'aria', entries: [entry('aria', '@bob review', ['bob'])], sharedFiles: [] },
      { sha: 'c2', author: 'aria', entries: [entry('aria', '@cleo deploy', ['cleo']), entry('aria', 'note')], sharedFiles: [] },
    ]);
    expect(peersOf(p)).toEqual({ bob: { bodies: ['@bob review'], files: [], commits: ['c1'] }, cleo: { bodies: ['@cleo deploy'], files: [], commits: ['c2'] } });
    expect(p.peers[0]?.[1]).toMatchObject({ self: false, target: { id: 'bob', gateway: 'http://127.0.0.1:1/bob', session: 'agent:main:main', wake: 'invoke' } });
    expect(p.own).toBeUndefined();
  });

  it('@all and @所有人 wake every agent but the pusher, resolved from the pushed text', () => {
    for (const word of ['@all', '@所有人']) {
      const commits = pushed('c1', 'aria@ois.invalid', day(`${word} standup`));
      expect(Object.keys(peersOf(plan(commits)))).toEqual(['bob', 'cleo']);
    }
  });

  it('only new entries count: what the parent already had wakes nobody again', () => {
    const before = day('@bob first');
    const commits = pushed('c1', 'aria@ois.invalid', `${before}\n## 10:01 - ARIA\n\n@cleo second\n\n---\n`, before);
    expect(Object.keys(peersOf(plan(commits)))).toEqual(['cleo']);
  });

  it('an [AUTO] entry (ois say --no-wake) wakes nobody, whatever it mentions', () => {
    const commits = pushed('c1', 'aria@ois.invalid', day('[AUTO] @all build green', '@bob [auto] done'));
    expect(plan(commits).peers).toEqual([]);
  });

  it('a Kind: human member is no agent: mentioning them wakes nobody', () => {
    const commits = pushed('c1', 'aria@ois.invalid', day('@mia look'));
    expect(plan(commits).peers).toEqual([]);
  });

  it('a task entry wakes the peer it is addressed to', () => {
    const task = '**[TASK REQUEST]** [PENDING] @BOB\n\n- **Type:** review\n- **RequestID:** req-1';
    expect(peersOf(plan(pushed('c1', 'aria@ois.invalid', day(task))))).toEqual({ bob: { bodies: [task], files: [], commits: ['c1'] } });
  });

  it('never wakes the pusher as a peer, and never an entry author for their own entry', () => {
    const p = plan([{ sha: 'c1', author: 'bob', entries: [entry('bob', '@aria @bob @cleo', ['aria', 'bob', 'cleo'])], sharedFiles: [] }]);
    expect(Object.keys(peersOf(p))).toEqual(['cleo']);
  });

  it('policy mode none wakes nobody; mode all wakes every peer for any entry', () => {
    const commits = [{ sha: 'c1', author: 'aria', entries: [entry('aria', 'plain note')], sharedFiles: [] }];
    expect(plan(commits, { policy: { mode: 'none', sharedFiles: true } }).peers).toEqual([]);
    expect(Object.keys(peersOf(plan(commits, { policy: { mode: 'all', sharedFiles: false } })))).toEqual(['bob', 'cleo']);
  });

  it('shared files wake everyone when the policy says so, and otherwise ride along with the commits that carry the entries', () => {
    const commits = [
      { sha: 'c1', author: 'aria', entries: [entry('aria', '@bob see spec', ['bob'])], sharedFiles: ['shared/spec.md'] },
      { sha: 'c2', author: 'aria', entries: [], sharedFiles: ['shared/other.md'] },
    ];
    expect(peersOf(plan(commits))).toEqual({ bob: { bodies: ['@bob see spec'], files: ['shared/spec.md'], commits: ['c1'] } });
    const shared = peersOf(plan(commits, { policy: { mode: 'mentions', sharedFiles: true } }));
    expect(shared.cleo).toEqual({ bodies: [], files: ['shared/spec.md', 'shared/other.md'], commits: ['c1', 'c2'] });
    expect(shared.bob?.commits).toEqual(['c1', 'c2']);
  });

  it('entries a person wrote in this clone that concern the own agent make one local job for its own Gateway', () => {
    const mine = entry('mia', '@aria stop the render', ['aria']);
    const commits = [{ sha: 'c1', author: 'aria', entries: [mine, entry('aria', '@aria note to self', ['aria'])], sharedFiles: [] }];
    const own = plan(commits, { self: { id: 'aria', gateway: 'http://127.0.0.1:9/own' } }).own;
    expect(own).toEqual({
      target: { id: 'aria', gateway: 'http://127.0.0.1:9/own', session: 'agent:main:main', wake: 'invoke' },
      self: true,
      local: true,
      wake: { entries: [mine], sharedFiles: [] },
      commits: ['c1'],
    });
    // Without ois.gateway there is nowhere to send it.
    expect(plan(commits).own).toBeUndefined();
    // An agent not in the registry has no own wake.
    expect(planWakes({ commits, agents: [agent('bob')], self: { id: 'aria', gateway: 'http://x' }, policy: mentions }).own).toBeUndefined();
  });
});

describe('mergeJobs (core/wake/job.ts)', () => {
  const target = { id: 'aria', gateway: 'http://127.0.0.1:9', session: 'agent:main:main', wake: 'invoke' as const };
  const job = (sha: string, body: string, extra: Partial<WakeJob> = {}): WakeJob => ({
    target,
    self: true,
    wake: { entries: [{ ...entry('mia', body, ['aria']), id: body }], sharedFiles: [] },
    commits: [sha],
    ...extra,
  });

  it('keeps the local flag when two own-entry wakes coalesce (the bug: it was dropped)', () => {
    const merged = mergeJobs(job('c1', 'a', { local: true }), job('c2', 'b', { local: true }));
    expect(merged.local).toBe(true);
    expect(merged.commits).toEqual(['c1', 'c2']);
    expect(merged.wake.entries.map((e) => e.body)).toEqual(['a', 'b']);
    // So the coalesced wake is reported as the own agent's, not as a catch-up that never was.
    const settled = settlement({ peerId: 'aria', job: merged, outcome: { kind: 'delivered' }, at: 't', by: 'aria', tokenSource: 's' });
    expect(settled).toMatchObject({ kind: 'peer', event: 'wake', message: 'own agent: Woke your own agent. (2 entries written in this clone)' });
    expect(settled.catchUp).toBeUndefined();
  });

  it('a local wake folded with a catch-up is a catch-up (so the catch-up settles its commits)', () => {
    expect(mergeJobs(job('c1', 'a', { local: true }), job('c2', 'b', { notice: 'late' })).local).toBeUndefined();
    expect(mergeJobs(job('c1', 'a', { notice: 'late' }), job('c2', 'b', { local: true })).local).toBeUndefined();
  });

  it('drops repeated entries, files and commits, takes the newer target and joins distinct notices', () => {
    const newer = { ...target, gateway: 'http://127.0.0.1:10' };
    const merged = mergeJobs(job('c1', 'a', { notice: 'one' }), { ...job('c1', 'a', { notice: 'two' }), target: newer });
    expect(merged).toEqual({ target: newer, self: true, wake: { entries: [job('c1', 'a').wake.entries[0]], sharedFiles: [] }, commits: ['c1'], notice: 'one two' });
  });
});
