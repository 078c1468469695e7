import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mergeChatLogs } from '../../../src/core/chatlog/merge.js';
import { parseChatLog } from '../../../src/core/chatlog/parse.js';

const ROOT = fileURLToPath(new URL('../../fixtures/chatlog-merge/', import.meta.url));
const read = (dir: string, name: string): string => readFileSync(join(ROOT, dir, `${name}.md`), 'utf8');
const dirs = readdirSync(ROOT).filter((d) => /^\d\d-/.test(d)).sort();

describe('chat merge golden fixtures', () => {
  it('has the cases the issue asks for', () => {
    expect(dirs.length).toBeGreaterThanOrEqual(8);
    for (const dir of dirs) expect(read(dir, 'NOTE').length).toBeGreaterThan(40);
  });

  it.each(dirs)('%s', (dir) => {
    const [base, ours, theirs, expected] = ['base', 'ours', 'theirs', 'expected'].map((n) => read(dir, n)) as [string, string, string, string];
    const result = mergeChatLogs(base, ours, theirs);
    expect(result.text).toBe(expected);
    const conflicted = expected.includes('<<<<<<< ours');
    expect(result.conflicts).toBe(conflicted ? 1 : 0);
    if (!conflicted) {
      expect(mergeChatLogs(base, theirs, ours)).toEqual(result);
      // Every ois entry of any version is in the result exactly once; so is every hand-written
      // entry of either side, where no side edited one.
      const entries = (text: string) => parseChatLog(text).entries;
      const got = entries(result.text);
      const ids = new Set([base, ours, theirs].flatMap((t) => entries(t).flatMap((e) => (e.id ? [e.id] : []))));
      for (const id of ids) expect(got.filter((e) => e.id === id), id).toHaveLength(1);
      if (!dir.includes('edited')) {
        const written = new Set([ours, theirs].flatMap((t) => entries(t).flatMap((e) => (e.id ? [] : [e.raw.trim()]))));
        for (const raw of written) expect(got.filter((e) => e.raw.trim() === raw), raw).toHaveLength(1);
      }
    }
  });

  it('writes conflict markers around the conflicting entry only', () => {
    const dir = dirs.find((d) => d.includes('edited-both'));
    if (!dir) return expect.fail('no both-sides-edited fixture');
    const { text } = mergeChatLogs(read(dir, 'base'), read(dir, 'ours'), read(dir, 'theirs'));
    const region = text.slice(text.indexOf('<<<<<<< ours'), text.indexOf('>>>>>>> theirs'));
    expect(region.match(/^## /gm)).toHaveLength(2);
    expect(text.match(/^<<<<<<< /gm)).toHaveLength(1);
  });
});
