import { describe, expect, it } from 'vitest';
import { parseChatLog } from '../../../src/core/chatlog/parse.js';
import type { ChatLog } from '../../../src/core/chatlog/types.js';

const joined = (log: ChatLog): string => log.preamble + log.entries.map((e) => e.raw).join('') + log.trailer;

const FILE = `# 2026-11-23 Chat Log

## 14:32 - ARIA ⚔️
<!-- ois:entry id=k3xq9d2m7fz1w8ah at=2026-11-23T14:32:05.123Z author=aria -->

Delegated batch-001 to @HKH.

---

## 14:40 - HKH

Done. Output in shared/results/.

---
`;

describe('parseChatLog', () => {
  it('reads title, entries with and without metadata, and keeps every byte', () => {
    const log = parseChatLog(FILE);
    expect(log.title).toBe('2026-11-23 Chat Log');
    expect(log.preamble).toBe('# 2026-11-23 Chat Log\n\n');
    expect(log.entries).toHaveLength(2);
    const [a, b] = log.entries;
    expect(a).toMatchObject({ time: '14:32', name: 'ARIA ⚔️', id: 'k3xq9d2m7fz1w8ah', at: '2026-11-23T14:32:05.123Z', author: 'aria', body: 'Delegated batch-001 to @HKH.', closed: true });
    expect(a?.position.start).toEqual({ line: 3, column: 1, offset: 23 });
    expect(b).toMatchObject({ time: '14:40', name: 'HKH', body: 'Done. Output in shared/results/.', closed: true });
    expect(b?.id).toBeUndefined();
    expect(a?.raw.endsWith('---\n\n')).toBe(true);
    expect(b?.raw.endsWith('---\n')).toBe(true);
    expect(log.problems).toEqual([]);
    expect(joined(log)).toBe(FILE);
  });

  it('handles CRLF line endings byte for byte', () => {
    const crlf = FILE.replace(/\n/g, '\r\n');
    const log = parseChatLog(crlf);
    expect(log.entries.map((e) => e.name)).toEqual(['ARIA ⚔️', 'HKH']);
    expect(log.entries[0]?.body).toBe('Delegated batch-001 to @HKH.');
    expect(log.entries[0]?.at).toBe('2026-11-23T14:32:05.123Z');
    expect(joined(log)).toBe(crlf);
  });

  it('keeps blank lines after the last entry as the trailer', () => {
    const log = parseChatLog(`${FILE}\n\n`);
    expect(log.trailer).toBe('\n\n');
    expect(log.entries[1]?.raw.endsWith('---\n')).toBe(true);
  });

  it('reports a bad heading time with its position and keeps the entry', () => {
    const text = '# T\n\n## 25:61 - ARIA\n\nhello\n\n---\n';
    const log = parseChatLog(text);
    expect(log.entries).toHaveLength(1);
    expect(log.entries[0]?.time).toBe('25:61');
    expect(log.problems.map((p) => [p.code, p.position.start.line, p.position.start.column])).toEqual([['bad-time', 3, 1]]);
    expect(joined(log)).toBe(text);
  });

  it('reports malformed headings (`## 9:5 - X`, no dash)', () => {
    const log = parseChatLog('## 9:5 - X\n\na\n\n---\n\n## 14:32 ARIA\n\nb\n\n---\n');
    expect(log.entries.map((e) => [e.time, e.name])).toEqual([['9:5', 'X'], ['14:32', 'ARIA']]);
    expect(log.problems.map((p) => [p.code, p.position.start.line])).toEqual([['bad-heading', 1], ['bad-heading', 7]]);
  });

  it('reports a missing closing rule and keeps the text in the entry', () => {
    const text = '## 14:32 - A\n\nno rule here\n\n## 14:33 - B\n\nok\n\n---\n';
    const log = parseChatLog(text);
    expect(log.entries.map((e) => e.closed)).toEqual([false, true]);
    expect(log.entries[0]?.body).toBe('no rule here');
    expect(log.problems.map((p) => [p.code, p.position.start.line])).toEqual([['missing-rule', 1]]);
    expect(joined(log)).toBe(text);
  });

  it('reports text after the rule and bad metadata', () => {
    const text = '## 14:32 - A\n<!-- ois:entry id=? at=yesterday -->\n\nx\n\n---\nstray\n';
    const log = parseChatLog(text);
    expect(log.problems.map((p) => [p.code, p.position.start.line])).toEqual([['bad-metadata', 2], ['text-after-rule', 7]]);
    expect(log.entries[0]?.id).toBeUndefined();
    expect(joined(log)).toBe(text);
  });

  it('ignores headings and rules inside fenced code, and uses the last rule as the closing one', () => {
    const text = '## 14:32 - A\n\n```md\n## 14:00 - quoted\n\n---\n```\n\nabove\n\n---\n\nbelow\n\n---\n';
    const log = parseChatLog(text);
    expect(log.entries).toHaveLength(1);
    expect(log.entries[0]?.body).toContain('below');
    expect(log.problems).toEqual([]);
  });

  it('does not let an unclosed fence swallow the entries after it', () => {
    const text = '## 14:32 - A\n\n```\nforgot to close\n\n---\n\n## 14:33 - B\n\nhi\n\n---\n';
    const log = parseChatLog(text);
    expect(log.entries.map((e) => e.name)).toEqual(['A', 'B']);
    expect(log.problems.map((p) => [p.code, p.position.start.line])).toEqual([['unclosed-fence', 3]]);
  });

  it('treats a file without entries as preamble, and the empty file as empty', () => {
    expect(parseChatLog('# 2026-11-23 Chat Log\n\nNotes\n')).toMatchObject({ preamble: '# 2026-11-23 Chat Log\n\nNotes\n', entries: [], trailer: '' });
    expect(parseChatLog('')).toEqual({ preamble: '', entries: [], trailer: '', problems: [] });
  });

  it('parses Chinese text and emoji names', () => {
    const log = parseChatLog('## 09:05 - 小明 🐉\n\n你好 @ARIA，任务完成了。\n\n---\n');
    expect(log.entries[0]).toMatchObject({ time: '09:05', name: '小明 🐉', body: '你好 @ARIA，任务完成了。' });
  });
});
