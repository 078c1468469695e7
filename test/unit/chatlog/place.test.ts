import { describe, expect, it } from 'vitest';
import { placeEntry } from '../../../src/core/chatlog/place.js';
import { parseChatLog } from '../../../src/core/chatlog/parse.js';

const TITLE = '# 2026-11-23 Chat Log\n\n';
const done = '## 10:00 - HKH\n\nmorning\n\n---\n';
const said = '## 10:05 - ARIA\n\na quick note\n\n---\n';
const bodies = (text: string) => parseChatLog(text).entries.map((e) => [e.body, e.closed]);

describe('placeEntry: where ois say puts a new entry', () => {
  it('at the end, after a complete last entry', () => {
    expect(placeEntry(TITLE + done, said, TITLE + done)).toBe(`${TITLE}${done}\n${said}`);
  });

  it('before an uncommitted entry still being written, which stays last for its next step', () => {
    const working = `${TITLE}${done}\n## 10:04 - ARIA\n\nthe plan, first`;
    const placed = placeEntry(working, said, TITLE + done);
    expect(placed).toBe(`${TITLE}${done}\n${said}\n## 10:04 - ARIA\n\nthe plan, first`);
    expect(bodies(`${placed} and second\n\n---\n`)).toEqual([['morning', true], ['a quick note', true], ['the plan, first and second', true]]);
    // The only entry of a new file, and a file with CRLF line endings.
    expect(placeEntry(`${TITLE}## 10:04 - ARIA\n\nfirst`, said, undefined)).toBe(`${TITLE}${said}\n## 10:04 - ARIA\n\nfirst`);
    const crlf = `${TITLE}${done}\n## 10:04 - ARIA\n\nfirst`.replace(/\n/g, '\r\n');
    expect(placeEntry(crlf, said, undefined)).toBe(`${TITLE}${done}\n${said}\n## 10:04 - ARIA\n\nfirst`.replace(/\n/g, '\r\n'));
  });

  it('after a fragment that is committed, as it is or in part (it may be pushed: it never moves)', () => {
    const half = `${TITLE}${done}\n## 10:04 - ARIA\n\nhalf`;
    expect(placeEntry(half, said, half)).toBe(`${half}\n\n${said}`);
    expect(placeEntry(`${half} and more`, said, half)).toBe(`${half} and more\n\n${said}`);
  });
});
