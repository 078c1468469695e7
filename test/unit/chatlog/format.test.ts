import { describe, expect, it } from 'vitest';
import { OisError } from '../../../src/core/errors.js';
import { appendEntry, dayFileName, formatDayTitle, formatEntry, newEntryId } from '../../../src/core/chatlog/format.js';
import { parseChatLog } from '../../../src/core/chatlog/parse.js';

const ENTRY = { id: 'k3xq9d2m7fz1w8ah', at: '2026-11-23T14:32:05.123Z', author: 'aria', name: 'ARIA ⚔️', body: 'Hi @hkh' };

describe('formatEntry', () => {
  it('writes heading, metadata, body and rule', () => {
    expect(formatEntry(ENTRY)).toBe(
      '## 14:32 - ARIA ⚔️\n<!-- ois:entry id=k3xq9d2m7fz1w8ah at=2026-11-23T14:32:05.123Z author=aria -->\n\nHi @hkh\n\n---\n',
    );
  });

  it('round-trips through the parser, including bodies with rules, headings and CRLF', () => {
    const body = 'line one\r\n\r\n---\r\n## 14:00 - not an entry\n```\n## 15:00 - in code\n```  \n\n';
    const log = parseChatLog(formatEntry({ ...ENTRY, body }));
    expect(log.entries).toHaveLength(1);
    expect(log.problems).toEqual([]);
    expect(log.entries[0]).toMatchObject({ id: ENTRY.id, at: ENTRY.at, author: 'aria', name: 'ARIA ⚔️', time: '14:32' });
    expect(log.entries[0]?.body).toBe('line one\n\n---\n\\## 14:00 - not an entry\n```\n\\## 15:00 - in code\n```');
  });

  it('refuses what would break the format', () => {
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (error) {
        return error instanceof OisError ? error.code : 'other';
      }
      return undefined;
    };
    expect(code(() => formatEntry({ ...ENTRY, body: ' \n\n' }))).toBe('USAGE');
    expect(code(() => formatEntry({ ...ENTRY, name: 'a\nb' }))).toBe('USAGE');
    expect(code(() => formatEntry({ ...ENTRY, at: '2026-11-23 14:32' }))).toBe('USAGE');
    expect(code(() => formatEntry({ ...ENTRY, id: 'has space' }))).toBe('USAGE');
    expect(code(() => formatEntry({ ...ENTRY, author: 'ä' }))).toBe('USAGE');
  });
});

describe('day files', () => {
  it('names the file by UTC day and writes the title', () => {
    expect(dayFileName('2026-11-23T23:59:59.999Z')).toBe('chat/2026-11-23.md');
    expect(dayFileName('2026-11-24T01:00:00+02:00')).toBe('chat/2026-11-23.md');
    expect(formatDayTitle('2026-11-23')).toBe('# 2026-11-23 Chat Log\n\n');
  });

  it('appends with exactly one blank line, whatever the file ends with', () => {
    const e = '## 14:32 - A\n\nx\n\n---\n';
    expect(appendEntry(undefined, e)).toBe(e);
    expect(appendEntry('# T\n\n', e)).toBe(`# T\n\n${e}`);
    expect(appendEntry('# T\n', e)).toBe(`# T\n\n${e}`);
    expect(appendEntry('---', e)).toBe(`---\n\n${e}`);
    expect(appendEntry('# T\r\n\r\n', e)).toBe(`# T\r\n\r\n${e.replace(/\n/g, '\r\n')}`);
    expect(appendEntry('---\r\n', e)).toBe(`---\r\n\r\n${e.replace(/\n/g, '\r\n')}`);
  });
});

describe('newEntryId', () => {
  it('turns 80 random bits into 16 base32 characters', () => {
    expect(newEntryId((n) => new Uint8Array(n))).toBe('0000000000000000');
    expect(newEntryId((n) => new Uint8Array(n).fill(255))).toBe('zzzzzzzzzzzzzzzz');
    expect(newEntryId((n) => Uint8Array.from({ length: n }, (_, i) => i * 37))).toMatch(/^[0-9a-hjkmnp-tv-z]{16}$/);
  });
});
