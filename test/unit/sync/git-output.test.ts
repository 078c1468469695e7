import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFiles } from '../../../src/adapters/files-port.js';
import { readHeadFile, readRefFile } from '../../../src/adapters/ref-file.js';
import { readRef } from '../../../src/app/clone/ref-files.js';
import { parseConfigZ } from '../../../src/app/clone/repo.js';
import { groupByPath, parseCheckAttrZ, parseMergeTreeZ } from '../../../src/core/sync/merge-tree.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('parsing git output', () => {
  it('merge-tree -z: the tree, then each conflicted stage', () => {
    const out = `${A}\x00100644 ${B} 1\tchat/d.md\x00100644 ${A} 2\tchat/d.md\x00100644 ${B} 3\tchat/d.md\x00100755 ${A} 2\tname with\ttab\x00\x00`;
    const parsed = parseMergeTreeZ(out);
    expect(parsed.tree).toBe(A);
    expect(parsed.conflicts).toHaveLength(4);
    expect(parsed.conflicts[3]).toEqual({ mode: '100755', sha: A, stage: 2, path: 'name with\ttab' });
    const grouped = groupByPath(parsed.conflicts);
    expect([...grouped.keys()]).toEqual(['chat/d.md', 'name with\ttab']);
    expect(grouped.get('chat/d.md')?.[3]?.sha).toBe(B);
    expect(grouped.get('name with\ttab')?.[1]).toBeUndefined();
  });

  it('merge-tree -z with no conflict is just the tree', () => {
    expect(parseMergeTreeZ(`${A}\x00`)).toEqual({ tree: A, conflicts: [] });
  });

  it('log --no-walk %N: one record per commit asked for, in order, or nothing when it does not line up', async () => {
    const { parseNotesLog } = await import('../../../src/core/git/notes.js');
    expect(parseNotesLog(`${A}\x00ois-wake delivered peer=b\n\x1e\n${B}\x00\x1e\n`, [A, B])).toEqual(new Map([[A, 'ois-wake delivered peer=b\n'], [B, '']]));
    expect(parseNotesLog(`${B}\x00\x1e\n${A}\x00\x1e\n`, [A, B])).toBeUndefined(); // out of order
    expect(parseNotesLog(`${A}\x00x\x1e\n${B}\x00y\x1e\n${B}\x00\x1e\n`, [A, B])).toBeUndefined(); // a note holding a separator
    expect(parseNotesLog(`${A}\x00x\x1e\n`, [A, B])).toBeUndefined(); // one missing
    expect(parseNotesLog(`${A}\x00x\x1e`, [A])).toBeUndefined(); // cut short
  });

  it('check-attr -z: path, attribute, value triples', () => {
    const values = parseCheckAttrZ('chat/d.md\x00merge\x00ois-chat\x00x.txt\x00merge\x00unspecified\x00');
    expect(values.get('chat/d.md')).toBe('ois-chat');
    expect(values.get('x.txt')).toBe('unspecified');
  });

  it('config -z: keys lower-cased, the last value wins, a key without value is empty', () => {
    const values = parseConfigZ('ois.id\naria\x00remote.origin.url\n/srv/a.git\x00ois.id\nhkh\x00ois.flag\x00merge.ois-chat.driver\n"node" "x" %O\n%A\x00');
    expect(values.get('ois.id')).toBe('hkh');
    expect(values.get('remote.origin.url')).toBe('/srv/a.git');
    expect(values.get('ois.flag')).toBe('');
    expect(values.get('merge.ois-chat.driver')).toBe('"node" "x" %O\n%A');
  });
});

describe('reading refs from files', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  // The git adapter's reader (node:fs) and the app's (the Files port) share core/sync/ref-files.ts's parsers: both run here.
  const files = createFiles();
  const readers = [
    { name: 'the git adapter (node:fs)', ref: readRefFile, head: readHeadFile },
    { name: 'the Files port', ref: (gitDir: string, ref: string) => readRef(files, gitDir, ref), head: (gitDir: string) => readRef(files, gitDir, 'HEAD') },
  ];

  it.each(readers)('$name: reads a loose ref, then packed-refs, and follows HEAD through its branch', async ({ ref: readRefFile, head: readHeadFile }) => {
    const gitDir = await mkdtemp(join(tmpdir(), 'ois-refs-'));
    dirs.push(gitDir);
    await mkdir(join(gitDir, 'refs', 'heads'), { recursive: true });
    await writeFile(join(gitDir, 'HEAD'), 'ref: refs/heads/main\n');
    await writeFile(join(gitDir, 'packed-refs'), `# pack-refs with: peeled fully-peeled sorted\n${B} refs/heads/main\n${A} refs/remotes/origin/main\n`);
    expect(await readRefFile(gitDir, 'refs/remotes/origin/main')).toBe(A);
    expect(await readHeadFile(gitDir)).toBe(B);
    await writeFile(join(gitDir, 'refs', 'heads', 'main'), `${A}\n`);
    expect(await readHeadFile(gitDir)).toBe(A);
    expect(await readRefFile(gitDir, 'refs/heads/missing')).toBeUndefined();
    // A loose ref that is not an object name (a half-written file, a symbolic ref) is no answer from it: packed-refs then.
    await writeFile(join(gitDir, 'refs', 'heads', 'main'), 'ref: refs/heads/other\n');
    expect(await readHeadFile(gitDir)).toBe(B);
    await writeFile(join(gitDir, 'HEAD'), `${B}\n`);
    expect(await readHeadFile(gitDir)).toBe(B);
    await writeFile(join(gitDir, 'HEAD'), 'garbage\n');
    expect(await readHeadFile(gitDir)).toBeUndefined();
  });
});

describe('cat-file --batch and log with files', () => {
  it('parses objects (byte sizes, multi-byte text) and missing names in request order', async () => {
    const { parseCatFileBatch } = await import('../../../src/core/sync/cat-file.js');
    const text = 'héllo\n你好\n';
    const size = Buffer.byteLength(text);
    const out = Buffer.from(`${A} blob ${size}\n${text}\nHEAD:nope missing\n${B} blob 0\n\n`);
    const [first, second, third] = parseCatFileBatch(out, 3);
    expect(first?.content.toString('utf8')).toBe(text);
    expect(second).toBeUndefined();
    expect(third?.content.length).toBe(0);
    expect(() => parseCatFileBatch(Buffer.from(`${A} blob 1\nx\n`), 2)).toThrow(/ended after 1 of 2/);
  });

  it('parses log -z --name-only records, newest first', async () => {
    const { parseLogWithFiles } = await import('../../../src/app/wake/pushed.js');
    const out = `\x01${A}\x02${B}\x02aria@ois.invalid\x00\nchat/d.md\x00shared/x.txt\x00\x01${B}\x02\x02hkh@ois.invalid\x00`;
    expect(parseLogWithFiles(out)).toEqual([
      { sha: A, parent: B, email: 'aria@ois.invalid', files: ['chat/d.md', 'shared/x.txt'] },
      { sha: B, email: 'hkh@ois.invalid', files: [] },
    ]);
  });
});
