import { describe, expect, it } from 'vitest';
import { createCatchUpForwarder, type CatchUpWake } from '../../../src/app/wake/catch-up.js';
import { createWakeLedger, type WakeNotes } from '../../../src/app/wake/notes.js';
import type { WakeJob } from '../../../src/core/wake/job.js';
import type { NotesSyncResult, WakeRecord } from '../../../src/core/wake/notes.js';
import type { LogEvent } from '../../../src/ports/index.js';
import { agent, entry } from './agents.js';

const AT = '2026-11-23T10:00:00.000Z';
const delivered: WakeRecord = { status: 'delivered', peer: 'bob', at: AT, by: 'aria' };

/** Wake notes in memory: `add` fails while `failing`, `sync` answers from a list. */
function memoryNotes(answers: NotesSyncResult[] = []) {
  const written = new Map<string, WakeRecord[]>();
  const state = { failing: false, syncs: 0 };
  const notes: WakeNotes = {
    read: async (sha) => written.get(sha) ?? [],
    readMany: async (shas) => new Map(shas.map((sha) => [sha, written.get(sha) ?? []])),
    async add(records) {
      if (state.failing) throw new Error('disk full');
      for (const [sha, list] of records) written.set(sha, [...(written.get(sha) ?? []), ...list]);
    },
    async sync() {
      state.syncs += 1;
      return answers.shift() ?? { integrated: 'none', push: 'pushed' };
    },
  };
  return { notes, written, state };
}

function ledgerWith(answers: NotesSyncResult[] = []) {
  const memory = memoryNotes(answers);
  const files = new Map<string, string>();
  const events: LogEvent[] = [];
  const ledger = createWakeLedger({
    notes: memory.notes,
    files: { writeAtomic: async (path, data) => void files.set(path, String(data)) },
    log: { log: (e) => void events.push(e) },
    stateDir: '/state',
  });
  return { ledger, files, events, ...memory };
}

describe('the wake ledger (app/wake/notes.ts createWakeLedger, over plain data)', () => {
  it('writes noted records at the flush, with the last outcome per peer in wakes.json, and asks for an exchange', async () => {
    const l = ledgerWith();
    l.ledger.note(['c1', 'c2'], delivered);
    l.ledger.outcome('bob', { outcome: 'delivered', message: 'Woke bob.', at: AT });
    expect(l.ledger.dirty).toBe(false);
    await l.ledger.flush();
    expect(l.written).toEqual(new Map([['c1', [delivered]], ['c2', [delivered]]]));
    expect(JSON.parse(l.files.get('/state/wakes.json') ?? '{}')).toEqual({ peers: { bob: { outcome: 'delivered', message: 'Woke bob.', at: AT } } });
    expect(l.ledger.dirty).toBe(true);
    await l.ledger.exchange();
    expect(l.ledger.dirty).toBe(false);
  });

  it('keeps records that could not be written, before newer ones, and writes them next time: nothing is lost', async () => {
    const l = ledgerWith();
    const failed: WakeRecord = { status: 'failed', peer: 'bob', at: AT, by: 'aria', outcome: 'unreachable' };
    l.ledger.note(['c1'], failed);
    l.state.failing = true;
    await l.ledger.flush();
    expect(l.events.map((e) => e.message)).toEqual(['could not record wakes in git notes: disk full; retried later']);
    l.ledger.note(['c1'], delivered);
    l.state.failing = false;
    await l.ledger.flush();
    expect(l.written.get('c1')).toEqual([failed, delivered]);
  });

  it('a rejected or failed notes push stays dirty, logged once per distinct problem', async () => {
    const l = ledgerWith([
      { integrated: 'none', push: 'rejected' },
      { integrated: 'none', push: 'rejected' },
      { integrated: 'none', push: 'failed', problem: 'timeout' },
    ]);
    for (let i = 0; i < 3; i += 1) await l.ledger.exchange();
    expect(l.ledger.dirty).toBe(true);
    expect(l.events.map((e) => e.message)).toEqual(['wake notes not pushed (the remote moved); retried next cycle', 'wake notes not pushed (timeout); retried next cycle']);
  });
});

describe('the catch-up forwarder (app/wake/catch-up.ts createCatchUpForwarder, over plain data)', () => {
  const due: CatchUpWake = { wake: { entries: [{ ...entry('bob', '@aria hi', ['aria']), at: AT }], sharedFiles: [] }, commits: ['c1'], agent: agent('aria'), firstSeenMs: Date.parse(AT) };

  function forwarderWith(gateway: string | undefined, next: CatchUpWake | undefined) {
    const settled: Array<[readonly string[], boolean]> = [];
    const jobs: WakeJob[] = [];
    const events: LogEvent[] = [];
    const forwarder = createCatchUpForwarder({
      catchUp: { due: async () => next, settled: async (commits, ok) => void settled.push([commits, ok]) },
      identity: gateway === undefined ? { id: 'aria', name: 'Aria' } : { id: 'aria', name: 'Aria', gateway },
      log: { log: (e) => void events.push(e) },
      now: () => new Date(Date.parse(AT) + 5 * 60_000),
      enqueue: (job) => void jobs.push(job),
    });
    return { forwarder, settled, jobs, events };
  }

  it('sends what is due to the own Gateway, saying how late it is', async () => {
    const f = forwarderWith('http://127.0.0.1:9', due);
    await f.forwarder.forward();
    expect(f.jobs).toEqual([
      {
        target: { id: 'aria', gateway: 'http://127.0.0.1:9', session: 'agent:main:main', wake: 'invoke' },
        self: true,
        wake: due.wake,
        commits: ['c1'],
        notice: 'These entries are late: written 5 min ago (from 2026-11-23 10:00 UTC), while you were offline; your own ois delivers them now.',
      },
    ]);
    expect(f.settled).toEqual([]);
  });

  it('without ois.gateway: says so once, and lets the commits retry later', async () => {
    const f = forwarderWith(undefined, due);
    await f.forwarder.forward();
    await f.forwarder.forward();
    expect(f.jobs).toEqual([]);
    expect(f.events.filter((e) => e.level === 'warn')).toHaveLength(1);
    expect(f.settled).toEqual([[['c1'], false], [['c1'], false]]);
  });

  it('does nothing when nothing is due', async () => {
    const f = forwarderWith('http://127.0.0.1:9', undefined);
    await f.forwarder.forward();
    expect(f.jobs).toEqual([]);
  });
});
