import { describe, expect, it } from 'vitest';
import { formatDayTitle, formatEntry } from '../../../src/core/chatlog/format.js';
import { parseChatLog } from '../../../src/core/chatlog/parse.js';
import { linkedSharedFiles, splitForHuman } from '../../../src/core/sync/author-split.js';

const e = (id: string, author: string, body: string) => formatEntry({ id, at: '2026-11-23T10:00:00.000Z', author, name: author.toUpperCase(), body });
const base = `${formatDayTitle('2026-11-23')}${e('old00001', 'aria', 'before')}\n`;
const path = 'chat/2026-11-23.md';

describe('splitForHuman (a person’s entries get a commit of their own)', () => {
  it('a batch of only their entries is whole: one commit as them', () => {
    const after = `${base}${e('mia00001', 'mia', 'stop the render')}`;
    expect(splitForHuman([{ path, kind: 'update', before: base, after }], 'mia')).toMatchObject({ whole: true, entries: 1 });
  });

  it('beside the agent’s entries: their text is the committed file plus their entries only, in order', () => {
    const after = `${base}${e('ari00002', 'aria', 'one')}\n${e('mia00001', 'mia', 'two')}\n${e('ari00003', 'aria', 'three')}\n${e('mia00002', 'mia', 'four')}`;
    const part = splitForHuman([{ path, kind: 'update', before: base, after }], 'MIA');
    expect(part).toMatchObject({ whole: false, entries: 2, files: [] });
    const text = part?.chat[0]?.text ?? '';
    expect(text.startsWith(base)).toBe(true);
    expect(parseChatLog(text).entries.map((x) => x.id)).toEqual(['old00001', 'mia00001', 'mia00002']);
    expect(parseChatLog(text).problems).toEqual([]);
  });

  it('takes the attachments their entries link, and nothing else', () => {
    const after = `${base}${e('mia00001', 'mia', '- 📎 [plan.txt](<shared/attachments/2026-11-23/plan.txt>)')}`;
    const changes = [
      { path, kind: 'update' as const, before: base, after },
      { path: 'shared/attachments/2026-11-23/plan.txt', kind: 'add' as const },
      { path: 'shared/aria.md', kind: 'add' as const },
    ];
    expect(splitForHuman(changes, 'mia')).toMatchObject({ whole: false, files: ['shared/attachments/2026-11-23/plan.txt'] });
    expect(splitForHuman(changes.slice(0, 2), 'mia')).toMatchObject({ whole: true });
  });

  it('a new day file starts from its title; no entry of theirs gives nothing', () => {
    const after = `${formatDayTitle('2026-11-23')}${e('mia00001', 'mia', 'first of the day')}`;
    expect(splitForHuman([{ path, kind: 'add', after }], 'mia')?.chat[0]?.text).toBe(after);
    expect(splitForHuman([{ path, kind: 'update', before: base, after: `${base}${e('ari00002', 'aria', 'x')}` }], 'mia')).toBeUndefined();
  });

  it('an edited committed text is not whole (the agent’s edit stays the agent’s)', () => {
    const after = `${base.replace('before', 'before (edited)')}${e('mia00001', 'mia', 'hi')}`;
    expect(splitForHuman([{ path, kind: 'update', before: base, after }], 'mia')).toMatchObject({ whole: false, entries: 1 });
  });

  it('finds linked shared files in links and images only', () => {
    expect(linkedSharedFiles('[a](shared/a.txt) ![b](./shared/b.png) `shared/c.txt` [d](https://x/shared/d)')).toEqual(['shared/a.txt', 'shared/b.png']);
  });
});
