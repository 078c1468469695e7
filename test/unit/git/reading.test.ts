import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFiles } from '../../../src/adapters/files-port.js';
import { createGit } from '../../../src/adapters/git.js';
import { commitsWithFiles, parseCommitsWithFiles } from '../../../src/core/git/history.js';
import { listNotes, parseNotesList } from '../../../src/core/git/notes.js';
import { readBlobs } from '../../../src/core/git/objects.js';
import { resolveCommit } from '../../../src/core/git/refs.js';
import { listFiles, parseLsTree } from '../../../src/core/git/tree.js';
import { boundaryFrom, BOUNDARY_BYTES } from '../../../src/core/wake/boundary.js';

const who = ['-c', 'user.name=t', '-c', 'user.email=aria@ois.invalid'];
let dir: string;
let first: string;
let second: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ois-read-'));
  const git = createGit(dir);
  await git.run(['init', '-q', '-b', 'main']);
  await mkdir(join(dir, 'chat', 'old'), { recursive: true });
  await writeFile(join(dir, 'chat', '2026-11-23.md'), '# day one\n');
  await writeFile(join(dir, 'chat', 'old', 'nested.md'), 'nested\n');
  await writeFile(join(dir, 'AGENTS.md'), '# team\n');
  await git.run(['add', '-A']);
  await git.run([...who, 'commit', '-q', '-m', 'one']);
  await writeFile(join(dir, 'chat', '2026-11-23.md'), '# day one\nmore\n');
  await writeFile(join(dir, 'chat', 'ünï cødé\ttab.md'), 'odd name\n');
  await git.run(['add', '-A']);
  await git.run([...who, 'commit', '-q', '-m', 'two']);
  first = (await git.exec(resolveCommit('HEAD~1'))) ?? '';
  second = (await git.exec(resolveCommit('HEAD'))) ?? '';
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('reading history, trees, objects and notes through Git.exec (real git)', () => {
  it('lists the blobs directly under a folder, any file name read back as it is, sub-folders left out', async () => {
    const git = createGit(dir);
    const files = await git.exec(listFiles(second, 'chat/'));
    expect([...files.keys()].sort()).toEqual(['chat/2026-11-23.md', 'chat/ünï cødé\ttab.md']);
    expect(files.get('chat/2026-11-23.md')).toMatch(/^[0-9a-f]{40}$/);
    expect(parseLsTree('')).toEqual(new Map());
  });

  it('reads blob texts by rev:path or id, in order; missing names and trees read as undefined', async () => {
    const git = createGit(dir);
    const blob = (await git.exec(listFiles(first, 'chat/'))).get('chat/2026-11-23.md') ?? '';
    const texts = await git.exec(readBlobs([`${second}:chat/2026-11-23.md`, blob, `${first}:chat/nope.md`, `${second}:chat`, `${second}:chat/ünï cødé\ttab.md`]));
    expect(texts).toEqual(['# day one\nmore\n', '# day one\n', undefined, undefined, 'odd name\n']);
  });

  it('lists commits newest first with the files each added or modified, a root commit without parent', async () => {
    const git = createGit(dir);
    const all = await git.exec(commitsWithFiles([second], { maxCommits: 10, paths: ['chat/'] }));
    expect(all).toEqual([
      { sha: second, parent: first, email: 'aria@ois.invalid', files: ['chat/2026-11-23.md', 'chat/ünï cødé\ttab.md'] },
      { sha: first, email: 'aria@ois.invalid', files: ['chat/2026-11-23.md', 'chat/old/nested.md'] },
    ]);
    expect(await git.exec(commitsWithFiles([second, `^${first}`], { maxCommits: 10 }))).toHaveLength(1);
    await git.run(['config', 'log.showRoot', 'false']);
    expect((await git.exec(commitsWithFiles([first], { maxCommits: 1, root: true })))[0]?.files).toContain('AGENTS.md');
    await git.run(['config', '--unset', 'log.showRoot']);
    expect(await git.exec(commitsWithFiles([second], { maxCommits: 1, paths: ['AGENTS.md'] }))).toEqual([{ sha: first, email: 'aria@ois.invalid', files: ['AGENTS.md'] }]);
    expect(parseCommitsWithFiles('')).toEqual([]);
  });

  it('lists notes (none before the notes ref exists), commit → note blob', async () => {
    const git = createGit(dir);
    expect(await git.exec(listNotes('refs/notes/ois-test'))).toEqual(new Map());
    await git.run([...who, 'notes', '--ref=refs/notes/ois-test', 'add', '-m', 'woken: hkh', first]);
    const notes = await git.exec(listNotes('refs/notes/ois-test'));
    expect([...notes.keys()]).toEqual([first]);
    expect(await git.exec(readBlobs([notes.get(first) ?? '']))).toEqual(['woken: hkh\n']);
    expect(parseNotesList('a1 b2\n\n')).toEqual(new Map([['b2', 'a1']]));
  });
});

describe('wake boundaries from random bytes', () => {
  it('gives one letter or digit per byte', () => {
    const boundary = boundaryFrom(new Uint8Array(BOUNDARY_BYTES).map((_, i) => i * 17));
    expect(boundary).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(boundaryFrom(new Uint8Array([0, 61, 62]))).toBe('A9A');
  });
});

describe('the Files port reads the start of a file', () => {
  it('at most maxBytes of a regular file and its whole size; undefined for a folder or nothing', async () => {
    const files = createFiles();
    const path = join(dir, 'chat', '2026-11-23.md');
    const start = await files.readStart(path, 4);
    expect(start && { text: new TextDecoder().decode(start.bytes), size: start.size }).toEqual({ text: '# da', size: 15 });
    expect((await files.readStart(path, 1_000))?.bytes.length).toBe(15);
    expect(await files.readStart(join(dir, 'chat'), 10)).toBeUndefined();
    expect(await files.readStart(join(dir, 'nothing'), 10)).toBeUndefined();
  });
});
