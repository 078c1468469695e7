import { describe, expect, it } from 'vitest';
import type { WakeBudgetStore } from '../../../src/app/wake/budget.js';
import { createBudgetFlow } from '../../../src/app/wake/budget-flow.js';
import { DEFAULT_WAKE_BUDGET, type WakePolicy } from '../../../src/core/config/team.js';
import type { Admission } from '../../../src/core/wake/budget.js';
import type { WakeJob } from '../../../src/core/wake/job.js';
import type { WakeRecord } from '../../../src/core/wake/notes.js';
import type { Git, LogEvent } from '../../../src/ports/index.js';
import { entry } from './agents.js';

const AT = '2026-11-23T10:00:00.000Z';
const policy: WakePolicy = { mode: 'mentions', sharedFiles: false, maxMessageBytes: 16_000, budget: DEFAULT_WAKE_BUDGET };
const job = (peer: string): WakeJob => ({
  target: { id: peer, gateway: `http://127.0.0.1:1/${peer}`, session: 'agent:main:main', wake: 'invoke' },
  self: false,
  wake: { entries: [entry('aria', `@${peer} hi`, [peer])], sharedFiles: [] },
  commits: ['c1'],
});
const noGit = { dir: '/nowhere', exec: async () => undefined, run: async () => '', runWithInput: async () => Buffer.alloc(0) } as unknown as Git;

/** The budget flow over a store answering `admit` from `answers` (an Error: the state file failed). */
function flowWith(answers: Array<Admission | Error>) {
  const enqueued: string[] = [];
  const notes: Array<[readonly string[], WakeRecord]> = [];
  const events: LogEvent[] = [];
  const store: WakeBudgetStore = {
    admit: async () => {
      const next = answers.shift() ?? { send: true };
      if (next instanceof Error) throw next;
      return next;
    },
    record: async () => undefined,
    observe: async () => undefined,
    takeDue: async () => [],
    read: async () => ({ peers: {} }),
  };
  const flow = createBudgetFlow({
    repo: { git: noGit, config: { wake: policy } },
    identity: { id: 'aria', name: 'Aria' },
    log: { log: (e) => void events.push(e) },
    budget: store,
    now: () => new Date(AT),
    enqueue: (peer) => void enqueued.push(peer),
    note: (commits, record) => void notes.push([commits, record]),
  });
  return { flow, enqueued, notes, events };
}

describe('the budget flow (app/wake/budget-flow.ts) over a store of plain data', () => {
  it('sends what the budget admits and holds the rest, noting held…until on its commits', async () => {
    const f = flowWith([{ send: true }, { send: false, reason: 'burst', until: Date.parse(AT) + 60_000, started: true }]);
    expect(await f.flow.admit([['bob', job('bob')], ['cleo', job('cleo')]], 'tip')).toEqual(['bob']);
    expect(f.enqueued).toEqual(['bob']);
    expect(f.notes).toEqual([[['c1'], { status: 'held', peer: 'cleo', at: AT, by: 'aria', until: '2026-11-23T10:01:00.000Z' }]]);
    expect(f.events.map((e) => [e.level, e.event])).toEqual([['warn', 'wake-budget']]);
  });

  it('fails open: a budget that cannot be read or saved never costs a wake, and says so once', async () => {
    const f = flowWith([new Error('EROFS'), new Error('EROFS')]);
    expect(await f.flow.admit([['bob', job('bob')], ['cleo', job('cleo')]], 'tip')).toEqual(['bob', 'cleo']);
    expect(f.events.map((e) => e.message)).toEqual(['the wake budget could not be read or saved (EROFS); wakes are sent meanwhile']);
  });

  it('release does nothing while no pair is held or in an exchange (no git call)', async () => {
    const f = flowWith([]);
    await f.flow.release();
    expect(f.enqueued).toEqual([]);
  });
});
