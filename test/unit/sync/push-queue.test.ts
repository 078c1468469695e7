import { describe, expect, it } from 'vitest';
import { formatDayTitle, formatEntry, appendEntry } from '../../../src/core/chatlog/format.js';
import { integrationMessage, planIntegration, type QueuedInput } from '../../../src/core/sync/queue.js';
import { chatOnly, LEADER_WAITS, mergeNow, queuedBy, queueRefName, remoteQueueRef } from '../../../src/core/sync/queue-refs.js';

// The push queue's decisions over texts: which queued tips a merge takes, and the day files it builds.

const DAY = '2026-11-23';
const PATH = `chat/${DAY}.md`;
const entry = (id: string, author: string, second: number): string =>
  formatEntry({ id, at: `${DAY}T10:00:${String(second).padStart(2, '0')}.000Z`, author, name: author.toUpperCase(), body: `${id} here` });
const file = (...entries: string[]): string => entries.reduce((text, e) => appendEntry(text, e), formatDayTitle(DAY));
const sha = (c: string): string => c.repeat(40);

const BASE = file(entry('aria0001', 'aria', 1));
const BRANCH = file(entry('aria0001', 'aria', 1), entry('aria0002', 'aria', 2));

/** A queued tip forked at `fork` (whose day file is BASE) with one commit from BASE to `text`. */
function tip(c: string, text: string, changes: QueuedInput['commits'][number]['changes'] = [{ path: PATH, before: 'base-blob', after: `${c}-blob` }]): { input: QueuedInput; texts: Record<string, string> } {
  return {
    input: { sha: sha(c), ref: `refs/ois/queued/m${c}/${sha(c)}`, fork: 'f'.repeat(40), commits: [{ sha: sha(c), parents: ['f'.repeat(40)], subject: 'chat', changes }] },
    texts: { [`${sha(c)}:${PATH}`]: text, [`${c}-blob`]: text },
  };
}

function plan(...tips: Array<ReturnType<typeof tip>>) {
  const texts: Record<string, string> = { [`B:${PATH}`]: BRANCH, [`${'f'.repeat(40)}:${PATH}`]: BASE, 'base-blob': BASE };
  for (const t of tips) Object.assign(texts, t.texts);
  return planIntegration({ branch: 'B', tips: tips.map((t) => t.input), text: (name) => texts[name] });
}

describe('planIntegration', () => {
  it('takes each tip in order, after the branch\'s entries, which stay a prefix', () => {
    const result = plan(tip('1', file(entry('aria0001', 'aria', 1), entry('hkh00001', 'hkh', 3))), tip('2', file(entry('aria0001', 'aria', 1), entry('zed00001', 'zed', 4))));
    expect(result.taken).toEqual([sha('1'), sha('2')]);
    expect(result.skipped).toEqual([]);
    expect(result.files).toEqual([{ path: PATH, text: file(entry('aria0001', 'aria', 1), entry('aria0002', 'aria', 2), entry('hkh00001', 'hkh', 3), entry('zed00001', 'zed', 4)) }]);
  });

  it('leaves out a tip that changes more than chat, deletes a day file, cuts a pushed entry, or shares no history', () => {
    const registry = tip('3', BASE, [{ path: 'AGENTS.md', before: 'x', after: 'y' }]);
    const deleted = tip('4', '', [{ path: PATH, before: 'base-blob' }]);
    const cut = tip('5', file(entry('hkh00002', 'hkh', 5)));
    const unrelated = tip('6', file(entry('zed00009', 'zed', 6)));
    const { fork: _fork, ...rootless } = unrelated.input;
    const result = plan(registry, deleted, cut, { ...unrelated, input: rootless });
    expect(result.taken).toEqual([]);
    expect(result.files).toEqual([]);
    expect(result.skipped.map((s) => s.why)).toEqual([
      `commit ${sha('3').slice(0, 8)} changes AGENTS.md, not only chat`,
      `commit ${sha('4').slice(0, 8)} deletes ${PATH}`,
      `commit ${sha('5').slice(0, 8)} removes, moves or cuts entries of ${PATH} the branch has`,
      'it shares no history with the branch',
    ]);
    // Refused for good (remembered, never read again) unless a later branch could change the answer.
    expect(result.skipped.map((s) => s.final === true)).toEqual([true, true, false, true]);
  });

  it('skips a tip whose entries the branch has, and one whose edit conflicts with the branch\'s', () => {
    const already = tip('7', file(entry('aria0001', 'aria', 1), entry('aria0002', 'aria', 2)));
    expect(plan(already).skipped.map((s) => s.why)).toEqual(['its entries are on the branch already']);
    // An entry edited in place (a redaction) on both sides, differently.
    const edited = tip('8', BASE.replace('aria0001 here', 'aria0001 rewritten'));
    const texts: Record<string, string> = { [`B:${PATH}`]: BRANCH.replace('aria0001 here', 'aria0001 redacted'), [`${'f'.repeat(40)}:${PATH}`]: BASE, 'base-blob': BASE, ...edited.texts };
    const result = planIntegration({ branch: 'B', tips: [edited.input], text: (name) => texts[name] });
    expect(result.taken).toEqual([]);
    expect(result.skipped.map((s) => s.why)).toEqual([`its entries in ${PATH} conflict with the branch's`]);
  });
});

describe('queue refs', () => {
  it('name their member and commit, and only a well-formed name counts', () => {
    expect(queueRefName('aria', sha('a'))).toBe(`refs/ois/queue/aria/${sha('a')}`);
    expect(queuedBy(`refs/ois/queued/aria/${sha('a')}`)).toBe('aria');
    expect(queuedBy('refs/ois/queued/aria/not-a-sha')).toBeUndefined();
    expect(queuedBy(`refs/ois/queued/Evil!/${sha('a')}`)).toBeUndefined();
    expect(remoteQueueRef(`refs/ois/queued/aria/${sha('a')}`)).toBe(`refs/ois/queue/aria/${sha('a')}`);
    expect(integrationMessage(['aria', 'hkh', 'aria'])).toBe('ois: merge 3 queued pushes (aria, hkh)\n');
  });

  it('are only pushed for chat alone', () => {
    expect(chatOnly([{ sha: sha('1'), parents: [], subject: '', changes: [{ path: PATH, after: 'x' }] }])).toBe(true);
    expect(chatOnly([{ sha: sha('1'), parents: [], subject: '', changes: [{ path: 'shared/a.md', after: 'x' }] }])).toBe(false);
    expect(chatOnly([{ sha: sha('1'), parents: [], subject: '', changes: [{ path: PATH, before: 'x' }] }])).toBe(false);
  });
});

describe('mergeNow: one leader merges the queue', () => {
  const ref = (id: string, c: string): string => `refs/ois/queued/${id}/${sha(c)}`;
  const nowMs = 1_800_000_000_000;
  const t = nowMs / 1000;
  const pending = [
    { ref: ref('hkh', '2'), time: t - 1 },
    { ref: ref('aria', '1'), time: t - 1 },
    { ref: ref('zed', '3'), time: t },
  ];

  it('is the member of the oldest fresh pending tip (ties by ref name); the others wait a few slots, then merge', () => {
    expect(mergeNow({ self: 'aria', ownQueued: true, pending, nowMs, waited: 0 })).toBe(true);
    expect(mergeNow({ self: 'hkh', ownQueued: true, pending, nowMs, waited: 0 })).toBe(false);
    expect(mergeNow({ self: 'hkh', ownQueued: true, pending, nowMs, waited: LEADER_WAITS })).toBe(true);
    // Nothing of ours queued: nothing to wait for.
    expect(mergeNow({ self: 'bob', ownQueued: false, pending, nowMs, waited: 0 })).toBe(true);
  });

  it('a stale tip (a writer gone for a minute) or a malformed ref never leads', () => {
    const stale = [{ ref: ref('gone', '9'), time: t - 120 }, { ref: 'refs/ois/queued/Evil!/x', time: t - 5 }, ...pending];
    expect(mergeNow({ self: 'aria', ownQueued: true, pending: stale, nowMs, waited: 0 })).toBe(true);
  });
});
