import { describe, expect, it } from 'vitest';
import { catchUpDecision } from '../../../src/core/wake/catch-up.js';
import { isChatLogPath, isSharedFilePath, newChatEntries, toWakeEntry } from '../../../src/core/wake/carried.js';
import { addWakeRecords, deliveryState, formatWakeRecord, parseWakeNote, type WakeRecord } from '../../../src/core/wake/notes.js';

const A = '## 10:00 - ARIA\n<!-- ois:entry id=aaaa1111 at=2026-11-23T10:00:00.000Z author=aria -->\n\nfirst\n\n---\n';
const B = '## 10:01 - ARIA\n<!-- ois:entry id=bbbb2222 at=2026-11-23T10:01:00.000Z author=aria -->\n\n@hkh second\n\n---\n';
const HAND = '## 10:02 - HKH\n\nhand-written @aria\n\n---\n';

describe('what a push carried', () => {
  it('finds entries new by id, and hand-written ones by text', () => {
    const before = `# 2026-11-23 Chat Log\n\n${A}`;
    const after = `${before}\n${B}\n${HAND}`;
    expect(newChatEntries(before, after).map((e) => e.body)).toEqual(['@hkh second', 'hand-written @aria']);
    expect(newChatEntries(undefined, before).map((e) => e.id)).toEqual(['aaaa1111']);
    expect(newChatEntries(after, after)).toEqual([]);
  });

  it('keeps an entry known by id even when its text moved (a merge reordered it)', () => {
    expect(newChatEntries(`${A}\n${B}`, `${B}\n${A}`)).toEqual([]);
  });

  it('resolves mentions against the registry and falls back to the commit author', () => {
    const [hand] = newChatEntries(undefined, HAND);
    const wake = toWakeEntry(hand!, [{ id: 'aria', name: 'ARIA' }], 'hkh');
    expect(wake).toMatchObject({ author: 'hkh', mentions: { ids: ['aria'], all: false } });
  });

  it('knows chat logs and shared files', () => {
    expect(isChatLogPath('chat/2026-11-23.md')).toBe(true);
    expect(isChatLogPath('chat/a/b.md')).toBe(false);
    expect(isSharedFilePath('shared/spec.md')).toBe(true);
    expect(isSharedFilePath('shared/.gitkeep')).toBe(false);
  });
});

describe('wake notes', () => {
  const delivered: WakeRecord = { status: 'delivered', peer: 'hkh', at: '2026-11-23T10:00:01.000Z', by: 'aria' };
  const failed: WakeRecord = { status: 'failed', peer: 'bob', at: '2026-11-23T10:00:30.000Z', by: 'aria', outcome: 'unreachable' };

  it('round-trips records and ignores other lines', () => {
    const text = addWakeRecords('a human wrote this\n', [delivered, failed]);
    expect(parseWakeNote(text)).toEqual([delivered, failed]);
    expect(formatWakeRecord(delivered)).toBe('ois-wake delivered peer=hkh at=2026-11-23T10:00:01.000Z by=aria');
  });

  it('adds records idempotently and sorted, like cat_sort_uniq', () => {
    const once = addWakeRecords('', [delivered, failed]);
    expect(addWakeRecords(once, [delivered])).toBe(once);
    expect(once.split('\n').filter(Boolean)).toEqual([...once.split('\n').filter(Boolean)].sort());
  });

  it('cannot be tricked by values with spaces or newlines', () => {
    const line = formatWakeRecord({ ...failed, outcome: 'x\nois-wake delivered peer=bob at=t by=z' });
    expect(line.split('\n')).toHaveLength(1);
    expect(deliveryState(parseWakeNote(line), 'bob')).toBe('failed');
  });

  it('says whether a peer was reached', () => {
    expect(deliveryState([failed, delivered], 'hkh')).toBe('delivered');
    expect(deliveryState([failed, { ...failed, status: 'delivered', by: 'bob' }], 'bob')).toBe('delivered');
    expect(deliveryState([failed], 'bob')).toBe('failed');
    expect(deliveryState([failed], 'zoe')).toBe('unknown');
  });
});

describe('catch-up decision', () => {
  const base = { self: 'hkh', firstSeenMs: 0, graceMs: 1000 };
  it('is done when any wake reached this agent', () => {
    expect(catchUpDecision({ ...base, nowMs: 0, records: [{ status: 'delivered', peer: 'hkh', at: 't', by: 'aria' }] })).toBe('done');
  });
  it('wakes at once when the pusher noted a failure', () => {
    expect(catchUpDecision({ ...base, nowMs: 0, records: [{ status: 'failed', peer: 'hkh', at: 't', by: 'aria', outcome: 'unreachable' }] })).toBe('wake');
  });
  it('waits for a note, then wakes after the grace period', () => {
    expect(catchUpDecision({ ...base, nowMs: 999, records: [] })).toBe('wait');
    expect(catchUpDecision({ ...base, nowMs: 1000, records: [{ status: 'delivered', peer: 'bob', at: 't', by: 'aria' }] })).toBe('wake');
  });
});
