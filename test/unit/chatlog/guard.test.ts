import { describe, expect, it } from 'vitest';
import { formatEntry } from '../../../src/core/chatlog/format.js';
import { guardChatLog, type GuardInput } from '../../../src/core/chatlog/guard.js';
import { parseChatLog } from '../../../src/core/chatlog/parse.js';

const TITLE = '# 2026-11-23 Chat Log\n\n';
const ARIA = { id: 'aria', name: 'ARIA ⚔️' };
const hand = (time: string, name: string, body: string) => `## ${time} - ${name}\n\n${body}\n\n---\n`;
const ois = (id: string, time: string, author: string, name: string, body: string) =>
  formatEntry({ id, at: `2026-11-23T${time}:00.000Z`, author, name, body });
const file = (...entries: string[]) => TITLE + entries.join('\n');
const guard = (committed: string | undefined, working: string | undefined, more: Partial<GuardInput> = {}) =>
  guardChatLog({ committed, working, self: ARIA, incompleteQuiet: false, ...more });
const bodies = (text: string | undefined) => parseChatLog(text ?? '').entries.map((e) => e.body);

const hkh1 = hand('10:00', 'HKH', 'morning');
const xm = ois('xmxmxmxm0001', '10:01', 'xm', '小明 🐉', '收到 👍');
const mine = hand('10:05', 'ARIA ⚔️', 'my reply');

describe('guardChatLog: the entry-aware commit of one day file', () => {
  it('an append is committed byte for byte, and the working file is left alone', () => {
    const committed = file(hkh1);
    const working = file(hkh1, mine);
    expect(guard(committed, working)).toEqual({ commit: working, notices: [] });
  });

  it('a whole-file rewrite with only the new entry: the lost entries and the title come back, the new entry after them', () => {
    const result = guard(file(hkh1, xm), mine);
    expect(bodies(result.commit)).toEqual(['morning', '收到 👍', 'my reply']);
    expect(result.commit?.startsWith(TITLE)).toBe(true);
    expect(result.working).toBe(result.commit);
    expect(result.notices.map((n) => n.kind).sort()).toEqual(['restored', 'restored', 'restored']);
  });

  it('a stale read-modify-write (a pulled entry missing) keeps the pulled entry and places the reply after it', () => {
    const pulled = hand('10:02', 'HKH', 'pulled meanwhile');
    const result = guard(file(hkh1, pulled), file(hkh1, mine));
    expect(bodies(result.commit)).toEqual(['morning', 'pulled meanwhile', 'my reply']);
    expect(result.notices).toMatchObject([{ kind: 'restored', heading: '## 10:02 - HKH', line: 9 }]);
  });

  it("an edit to another member's entry is not committed; the original goes back into the working file", () => {
    const result = guard(file(hkh1, mine), file(hand('10:00', 'HKH', 'morning (edited by aria)'), mine));
    expect(result.commit).toBeUndefined();
    expect(result.working).toBe(file(hkh1, mine));
    expect(result.notices).toMatchObject([{ kind: 'kept-original', heading: '## 10:00 - HKH', edited: expect.stringContaining('edited by aria') }]);
  });

  it('the agent may correct its own entries (by name when hand-written, by author id in the metadata)', () => {
    const own = ois('aria00000001', '10:03', 'aria', 'ARIA', 'typo');
    const result = guard(file(hkh1, own, mine), file(hkh1, own.replace('typo', 'a whole new text'), mine.replace('my reply', 'my repyl')));
    expect(bodies(result.commit)).toEqual(['morning', 'a whole new text', 'my repyl']);
    expect(result.working).toBeUndefined();
    expect(result.notices).toEqual([]);
  });

  it('a different hand-written message under the same heading, in the same place, is a new entry: the old one is restored', () => {
    const result = guard(file(hkh1, mine), file(hkh1, hand('10:05', 'ARIA ⚔️', 'something else entirely')));
    expect(bodies(result.commit)).toEqual(['morning', 'my reply', 'something else entirely']);
    expect(result.notices.map((n) => n.kind)).toEqual(['restored']);
  });

  it('a trailing entry without its --- waits, then is committed once quiet; completing it later is an edit anyone may make', () => {
    const half = '## 10:05 - HKH\n\nfirst half';
    const waiting = guard(file(hkh1), file(hkh1, half));
    expect(waiting.commit).toBeUndefined();
    expect(waiting.working).toBeUndefined();
    expect(waiting.notices).toMatchObject([{ kind: 'waiting', line: 9 }]);
    const quiet = guard(file(hkh1), file(hkh1, half), { incompleteQuiet: true });
    expect(quiet.commit).toBe(file(hkh1, half));
    const completed = guard(file(hkh1, half), file(hkh1, `${half} and the rest\n\n---\n`));
    expect(bodies(completed.commit)).toEqual(['morning', 'first half and the rest']);
    expect(completed.notices).toEqual([]);
  });

  // With an id, and hand-written (no id: known as the same entry because the cut is its beginning).
  const wholes = {
    'an ois entry': ois('aria00000001', '10:05', 'aria', 'ARIA ⚔️', 'written in two steps'),
    'a hand-written entry': hand('10:05', 'ARIA ⚔️', 'written in two steps'),
  };
  for (const [kind, whole] of Object.entries(wholes)) {
    it(`a complete entry never loses its ---, not even its author's (${kind}): a stale copy waits as the last entry, then the committed one comes back`, () => {
      const cut = whole.slice(0, whole.indexOf('written in') + 'written in'.length);
      const waiting = guard(file(hkh1, whole), file(hkh1, cut));
      expect(waiting.commit).toBeUndefined();
      expect(waiting.working).toBeUndefined();
      expect(waiting.notices).toMatchObject([{ kind: 'waiting', message: expect.stringMatching(/lost its closing `---`/) }]);
      const quiet = guard(file(hkh1, whole), file(hkh1, cut), { incompleteQuiet: true });
      expect(quiet.commit).toBeUndefined();
      expect(quiet.working).toBe(file(hkh1, whole));
      expect(quiet.notices).toMatchObject([{ kind: 'kept-original', edited: cut }]);
      // Not the last entry: no waiting, the committed one comes back at once, the new entry after it is committed.
      const inside = guard(file(hkh1, whole), file(hkh1, `${cut}\n`, mine));
      expect(bodies(inside.commit)).toEqual(['morning', 'written in two steps', 'my reply']);
      expect(inside.working).toBe(inside.commit);
      // Closed again (an edit in two steps of one's own entry): the correction is committed.
      expect(bodies(guard(file(hkh1, whole), file(hkh1, `${cut} three steps\n\n---\n`)).commit)).toEqual(['morning', 'written in three steps']);
    });
  }

  it("another member's hand-written entry cut short is refused at once, as any edit of it", () => {
    const theirs = hand('10:01', 'HKH', 'a long note of HKH that the stale copy cuts in the middle of its text');
    const refused = guard(file(hkh1, theirs), file(hkh1, theirs.slice(0, theirs.indexOf('cuts in'))));
    expect(refused.working).toBe(file(hkh1, theirs));
    expect(refused.notices.map((n) => n.kind)).toEqual(['kept-original']);
  });

  it('the second step of a two-step entry, appended after a peer\'s entry that came in meanwhile, completes the open entry in its place', () => {
    // The first step was committed when the file stayed quiet, and pushed; xm's entry was pulled in after it.
    const fragment = '## 10:03 - ARIA ⚔️\n\nwritten in';
    const committed = file(hkh1, `${fragment}\n`, xm);
    const working = `${committed} two steps\n\n---\n`;
    const result = guard(committed, working);
    const expected = file(hkh1, `${fragment} two steps\n\n---\n`, xm);
    expect(result.working).toBe(expected);
    expect(result.commit).toBe(expected);
    expect(result.notices).toMatchObject([{ kind: 'joined', heading: '## 10:03 - ARIA ⚔️', line: 9, message: expect.stringContaining('## 10:01 - 小明 🐉') }]);
    expect(parseChatLog(result.commit ?? '').entries.every((e) => e.closed)).toBe(true);
    // A step that starts a line of its own joins on a new line.
    const lines = guard(file(hkh1, '## 10:03 - ARIA ⚔️\n\nfirst line\n', xm), `${file(hkh1, '## 10:03 - ARIA ⚔️\n\nfirst line\n', xm)}second line\n\n---\n`);
    expect(bodies(lines.commit)).toEqual(['morning', 'first line\nsecond line', '收到 👍']);
  });

  it('text after a peer\'s entry is not moved when it continues nothing of this member\'s, or the peer\'s entry was changed too', () => {
    const committed = file(hkh1, xm);
    // No open entry of ARIA's: the peer's entry is edited, which only its author may do.
    expect(guard(committed, `${committed}PS\n\n---\n`).notices).toMatchObject([{ kind: 'kept-original', heading: '## 10:01 - 小明 🐉' }]);
    // An open entry of someone else's (HKH's fragment) is not ARIA's to continue.
    const theirs = file(hand('10:00', 'HKH', 'morning').replace('\n\n---\n', '\n'), xm);
    expect(guard(theirs, `${theirs} more\n\n---\n`).notices.map((n) => n.kind)).toEqual(['kept-original']);
    // The peer's entry itself edited as well: not a plain append, nothing is moved.
    const open = file(hkh1, '## 10:03 - ARIA ⚔️\n\nwritten in\n', xm);
    expect(guard(open, `${open.replace('收到', '改了')} two steps\n\n---\n`).notices.map((n) => n.kind)).toEqual(['kept-original']);
    // ARIA's own entry last: appending to it is her own edit, as before.
    const own = file(hkh1, '## 10:03 - ARIA ⚔️\n\nwritten in\n', mine);
    expect(guard(own, `${own}PS\n\n---\n`).notices.map((n) => n.kind)).not.toContain('joined');
  });

  it('one entry with a secret is held back alone: the others are committed, the working file keeps it', () => {
    const leak = hand('10:04', 'ARIA ⚔️', `use Authorization: Bearer ${'a1b2c3d4'.repeat(4)}`);
    const later = hand('10:06', 'ARIA ⚔️', 'and another thing');
    const working = file(hkh1, leak, later);
    const result = guard(file(hkh1), working);
    expect(bodies(result.commit)).toEqual(['morning', 'and another thing']);
    expect(result.working).toBeUndefined();
    expect(result.notices).toMatchObject([{ kind: 'held', heading: '## 10:04 - ARIA ⚔️', line: 11 }]);
    expect(JSON.stringify(result.notices)).not.toContain('a1b2c3d4a1b2');
    // Still held, next time: nothing new to commit.
    expect(guard(result.commit, working).commit).toBeUndefined();
  });

  it('a new file whose only entry is held back is not committed at all', () => {
    const result = guard(undefined, file(hand('10:04', 'ARIA ⚔️', `token=${'Zx8Qp2Lm9Vt4Rw7Ks1Hd'}`)));
    expect(result.commit).toBeUndefined();
    expect(result.notices.map((n) => n.kind)).toEqual(['held']);
  });

  it('a copied metadata comment (a repeated id) is held back', () => {
    const copy = xm.replace('收到 👍', 'a new message with a copied comment');
    const result = guard(file(hkh1, xm), file(hkh1, xm, copy));
    expect(result.commit).toBeUndefined();
    expect(result.notices).toMatchObject([{ kind: 'held', message: expect.stringContaining("repeats another entry's id") }]);
  });

  it('a deleted day file is restored whole', () => {
    const committed = file(hkh1, xm);
    const result = guard(committed, undefined);
    expect(result.commit).toBeUndefined();
    expect(result.working).toBe(committed);
  });

  it('entries moved out of order are put back in order, new ones after them', () => {
    const result = guard(file(hkh1, xm), file(mine, xm, hkh1));
    expect(bodies(result.commit)).toEqual(['morning', '收到 👍', 'my reply']);
    expect(result.working).toBe(result.commit);
  });

  it('CRLF working files: unchanged entries are not edits, restored ones take the file\'s line endings', () => {
    const committed = file(hkh1, xm);
    const crlf = file(hkh1, mine).replace(/\n/g, '\r\n');
    const result = guard(committed, crlf);
    expect(result.notices.map((n) => n.kind)).toEqual(['restored']);
    expect(result.working).not.toMatch(/[^\r]\n/);
    expect(bodies(result.commit)).toEqual(['morning', '收到 👍', 'my reply']);
  });
});
