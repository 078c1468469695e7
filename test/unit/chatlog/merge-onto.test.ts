import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mergeOntoRemote } from '../../../src/core/chatlog/merge-onto.js';
import { parseChatLog } from '../../../src/core/chatlog/parse.js';
import { pushedDamage, remoteSide, restoreReopened, startsWithEntries } from '../../../src/core/chatlog/prefix.js';

const ROOT = fileURLToPath(new URL('../../fixtures/chatlog-merge-onto/', import.meta.url));
const read = (dir: string, name: string): string => readFileSync(join(ROOT, dir, `${name}.md`), 'utf8');
const dirs = readdirSync(ROOT).filter((d) => /^\d\d-/.test(d)).sort();
const T = '# 2026-11-23 Chat Log\n\n';
const hand = (time: string, name: string, body: string) => `## ${time} - ${name}\n\n${body}\n\n---\n`;
const bodies = (text: string) => parseChatLog(text).entries.map((e) => e.body);

describe('mergeOntoRemote golden fixtures (base, remote, local → expected)', () => {
  it.each(dirs)('%s', (dir) => {
    const [base, remote, local, expected] = ['base', 'remote', 'local', 'expected'].map((n) => read(dir, n)) as [string, string, string, string];
    expect(read(dir, 'NOTE').length).toBeGreaterThan(40);
    const result = mergeOntoRemote(base, remote, local);
    expect(result.text).toBe(expected);
    expect(result.conflicts).toBe(0);
    expect(startsWithEntries(remote, result.text)).toBe(true);
    // Merging the local side again changes nothing.
    expect(mergeOntoRemote(base, result.text, local).text).toBe(result.text);
  });
});

describe('mergeOntoRemote', () => {
  it('an entry changed differently on both sides: markers, or the remote kept and the local version returned', () => {
    const base = T + hand('10:00', 'ARIA', 'hello');
    const remote = T + hand('10:00', 'ARIA', 'hello, team');
    const local = T + hand('10:00', 'ARIA', 'hello there');
    expect(mergeOntoRemote(base, remote, local).conflicts).toBe(1);
    const kept = mergeOntoRemote(base, remote, local, { onConflict: 'remote' });
    expect(kept).toMatchObject({ text: remote, conflicts: 0 });
    expect(kept.overridden.join('')).toContain('hello there');
  });

  it('returns the remote text itself when the local side adds nothing', () => {
    const remote = T + hand('10:00', 'ARIA', 'hello') + '\n\n';
    expect(mergeOntoRemote(remote, remote, '').text).toBe(remote);
    expect(mergeOntoRemote(T, remote, T).text).toBe(remote);
  });
});

describe('the prefix checks', () => {
  const a = hand('10:00', 'ARIA', 'a');
  const b = hand('10:01', 'HKH', 'b');
  const c = hand('10:02', 'XM', 'c');
  it('startsWithEntries compares entries, not bytes (an edited entry is the same entry)', () => {
    expect(startsWithEntries(T + a, `${T}${a}\n${b}`)).toBe(true);
    expect(startsWithEntries(T + a + '\n' + b, `${T}${b}\n${a}`)).toBe(false);
    expect(startsWithEntries(T + a, `${T}${hand('10:00', 'ARIA', 'a, corrected')}\n${b}`)).toBe(true);
    expect(startsWithEntries(T + a, T + b)).toBe(false);
  });

  it('pushedDamage names the pushed entries a change removed or moved, not the unpushed ones', () => {
    const remote = `${T}${a}\n${b}`;
    const before = `${T}${a}\n${b}\n${c}`;
    expect(pushedDamage(remote, before, `${T}${a}\n${b}`)).toEqual({ removed: [], moved: [], reopened: [] }); // c was never pushed
    expect(pushedDamage(remote, before, `${T}${c}`).removed.map((e) => e.body)).toEqual(['a', 'b']);
    expect(pushedDamage(remote, before, `${T}${b}\n${a}\n${c}`).moved.map((e) => e.body)).toEqual(['b']); // swapped: the one found out of order
  });

  // A two-step write of HKH's, completed and pushed; then a `git revert` of the completion in ARIA's clone.
  const meta = '<!-- ois:entry id=hkh00000001 at=2026-11-23T10:05:00.000Z author=hkh -->\n\n';
  const half = `## 10:05 - HKH\n${meta}written in\n`;
  const whole = `## 10:05 - HKH\n${meta}written in two steps\n\n---\n`;
  it('pushedDamage names the pushed entries a change reopened (a revert of a completion), not a completion or an edit in place', () => {
    const remote = `${T}${a}\n${whole}`;
    expect(pushedDamage(remote, remote, `${T}${a}\n${half}`)).toMatchObject({ removed: [], moved: [], reopened: [expect.objectContaining({ body: 'written in' })] });
    expect(pushedDamage(`${T}${a}\n${half}`, `${T}${a}\n${half}`, `${T}${a}\n${whole}`).reopened).toEqual([]); // a completion
    const redacted = whole.replace('two steps', '[redacted]');
    expect(pushedDamage(remote, remote, `${T}${a}\n${redacted}`)).toEqual({ removed: [], moved: [], reopened: [] }); // an edit in place
    // A hand merge whose first-parent diff brings the completion in reopens nothing.
    expect(pushedDamage(remote, `${T}${a}\n${half}`, remote).reopened).toEqual([]);
  });

  it('restoreReopened puts the reopened pushed entries back as pushed, in place, and keeps the rest byte for byte', () => {
    const remote = `${T}${a}\n${whole}`;
    const mine = hand('10:06', 'ARIA', 'mine');
    expect(restoreReopened(remote, `${T}${a}\n${half}`)).toBe(remote);
    expect(restoreReopened(remote, `${T}${a}\n${half}\n${mine}`)).toBe(`${T}${a}\n${whole}\n${mine}`);
    expect(restoreReopened(`${T}${a}\n${half}`, `${T}${a}\n${half}`)).toBe(`${T}${a}\n${half}`); // open on the remote too
    const untouched = `${T}${a}${whole}\n\n${mine}`; // odd spacing, nothing reopened: the same text
    expect(restoreReopened(remote, untouched)).toBe(untouched);
  });

  it('remoteSide: the side that starts with the remote-tracking file; theirs on a tie; none without one', () => {
    const remote = `${T}${a}\n${b}`;
    expect(remoteSide(remote, `${T}${a}\n${c}`, remote)).toBe('theirs');
    expect(remoteSide(remote, `${remote}\n${c}`, `${T}${a}\n${c}`)).toBe('ours');
    expect(remoteSide(remote, remote, remote)).toBe('theirs');
    expect(remoteSide(undefined, remote, remote)).toBeUndefined();
    expect(bodies(mergeOntoRemote(T + a, remote, `${T}${a}\n${c}`).text)).toEqual(['a', 'b', 'c']);
  });
});
