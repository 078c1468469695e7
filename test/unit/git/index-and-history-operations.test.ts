import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGit, type ArgvGit } from '../../../src/adapters/git.js';
import { commitIndex, commitTree } from '../../../src/core/git/commit.js';
import { GitCommandError } from '../../../src/core/git/error.js';
import { commitTimes, lastCommitTouching, localCommits, pathCommits, rawChanges } from '../../../src/core/git/history.js';
import { addPaths, readTree, refreshIndex, setIndexEntries, stagedEntries, stagedPaths, unstagePaths, writeTree } from '../../../src/core/git/index-file.js';
import { checkAttr, mergeFile, mergeTree } from '../../../src/core/git/merge.js';
import { objectInfo, readBlobs, treeEntries, writeBlob } from '../../../src/core/git/objects.js';
import { resolveAll, resolveCommit } from '../../../src/core/git/refs.js';
import { locateRepository } from '../../../src/core/git/repository.js';
import { workTreeStatus } from '../../../src/core/git/status.js';
import { checkoutBranch, moveTree } from '../../../src/core/git/worktree.js';
import { stagedFiles } from '../../../src/app/hooks/staged.js';
import { lineMergeStages } from '../../../src/app/sync/line-merge.js';
import { createFiles } from '../../../src/adapters/files-port.js';

const AUTHOR = { GIT_AUTHOR_NAME: 'Aria', GIT_AUTHOR_EMAIL: 'aria@ois.invalid', GIT_COMMITTER_NAME: 'Aria', GIT_COMMITTER_EMAIL: 'aria@ois.invalid' };

let dir: string;
let git: ArgvGit;
let first: string;
let second: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ois-ops2-'));
  git = createGit(dir);
  await git.run(['init', '-q', '-b', 'main']);
  await writeFile(join(dir, 'a.txt'), 'one\ntwo\nthree\n');
  await writeFile(join(dir, 'name with\ttab.md'), 'x\n');
  await git.exec(addPaths(['a.txt', 'name with\ttab.md']));
  await git.exec(commitIndex('first', AUTHOR));
  first = (await git.exec(resolveCommit('HEAD'))) ?? '';
  await writeFile(join(dir, 'a.txt'), 'one\nTWO\nthree\n');
  await git.exec(addPaths(['a.txt']));
  await git.exec(commitIndex('second\n\nbody', AUTHOR));
  second = (await git.exec(resolveCommit('HEAD'))) ?? '';
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('object, index and commit operations (real git)', () => {
  it('reads blobs and their sizes, undefined for what is missing', async () => {
    expect(await git.exec(readBlobs([`${first}:a.txt`, 'HEAD:nope', 'HEAD:name with\ttab.md']))).toEqual(['one\ntwo\nthree\n', undefined, 'x\n']);
    const [info, missing] = await git.exec(objectInfo(['HEAD:a.txt', 'HEAD:nope']));
    expect(info).toMatchObject({ type: 'blob', size: 14 });
    expect(info?.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(missing).toBeUndefined();
  });

  it('writes a blob, lists tree entries, builds a tree in a temporary index and commits it', async () => {
    const sha = await git.exec(writeBlob('new\n'));
    expect(await git.exec(readBlobs([sha]))).toEqual(['new\n']);
    const entries = await git.exec(treeEntries('HEAD', ['a.txt', 'nope', 'name with\ttab.md']));
    expect([...entries.keys()].sort()).toEqual(['a.txt', 'name with\ttab.md']);
    expect(entries.get('a.txt')?.mode).toBe('100644');
    const index = join(dir, '.git', 'scratch.index');
    await git.exec(readTree('HEAD^{tree}', { index }));
    await git.exec(setIndexEntries([['chat/d.md', { mode: '100644', sha }], ['a.txt', undefined]], { index, add: true }));
    const tree = await git.exec(writeTree({ index }));
    const commit = await git.exec(commitTree(tree, [second], 'built', AUTHOR));
    expect(await git.exec(readBlobs([`${commit}:chat/d.md`, `${commit}:a.txt`]))).toEqual(['new\n', undefined]);
    // The clone's own index was not touched.
    expect(await git.exec(workTreeStatus())).toEqual([]);
    expect(await git.exec(resolveAll([`${commit}^{tree}`]))).toEqual([tree]);
  });

  it('stages and unstages literal paths (a glob character is a name), and lists staged entries', async () => {
    await writeFile(join(dir, '*.txt'), 'star\n');
    await writeFile(join(dir, 'b.txt'), 'b\n');
    await git.exec(addPaths(['*.txt']));
    expect((await git.exec(stagedEntries(['*.txt', 'b.txt']))).map((e) => [e.path, e.stage])).toEqual([['*.txt', 0]]);
    expect(await git.exec(stagedPaths())).toEqual(['*.txt']);
    const status = await git.exec(workTreeStatus());
    expect(status).toEqual([
      { path: '*.txt', index: 'A', worktree: ' ' },
      { path: 'b.txt', index: '?', worktree: '?' },
    ]);
    await git.exec(unstagePaths(['*.txt']));
    expect(await git.exec(stagedPaths())).toEqual([]);
    expect(await git.exec(workTreeStatus(['b.txt']))).toEqual([{ path: 'b.txt', index: '?', worktree: '?' }]);
    await git.exec(refreshIndex());
    await Promise.all(['*.txt', 'b.txt'].map((name) => rm(join(dir, name))));
  });

  it('lists a symbolic link as mode 120000', async () => {
    const link = await mkdtemp(join(tmpdir(), 'ois-ops2-link-'));
    try {
      const other = createGit(link);
      await other.run(['init', '-q', '-b', 'main']);
      await symlink('/etc/hostname', join(link, 'ssh'));
      await other.exec(addPaths(['ssh']));
      expect(await other.exec(stagedEntries())).toMatchObject([{ path: 'ssh', mode: '120000', stage: 0 }]);
    } finally {
      await rm(link, { recursive: true, force: true });
    }
  });
});

describe('merge operations (real git)', () => {
  it('merge-tree: a clean merge is a tree, a conflict its stages (exit 1 is an answer)', async () => {
    await git.run(['branch', 'side', first]);
    await git.exec(checkoutBranch('side'));
    await writeFile(join(dir, 'a.txt'), 'one\nzwei\nthree\n');
    await git.exec(addPaths(['a.txt']));
    await git.exec(commitIndex('side', AUTHOR));
    const clean = await git.exec(mergeTree(first, second));
    expect(clean.conflicts).toEqual([]);
    const conflicted = await git.exec(mergeTree('main', 'side', { failDriver: 'ois-chat' }));
    expect(conflicted.conflicts.map((c) => [c.path, c.stage])).toEqual([['a.txt', 1], ['a.txt', 2], ['a.txt', 3]]);
    await git.exec(checkoutBranch('main'));
  });

  it('merge-file: the merged text, or the conflict count; check-attr reads .gitattributes', async () => {
    const files = { ours: join(dir, '.git', 'o'), base: join(dir, '.git', 'b'), theirs: join(dir, '.git', 't') };
    await Promise.all([writeFile(files.ours, '1\nX\n3\n4\n'), writeFile(files.base, '1\n2\n3\n4\n'), writeFile(files.theirs, '1\n2\n3\nY\n')]);
    expect(await git.exec(mergeFile(files, { print: true }))).toEqual({ text: '1\nX\n3\nY\n', conflicts: 0 });
    await writeFile(files.theirs, '1\nZ\n3\n4\n');
    const conflict = await git.exec(mergeFile(files, { print: true }));
    expect(conflict.conflicts).toBe(1);
    expect(conflict.text).toContain('<<<<<<<');
    await writeFile(join(dir, '.gitattributes'), 'chat/*.md merge=ois-chat\n');
    const attrs = await git.exec(checkAttr('merge', ['chat/d.md', 'a.txt']));
    expect(attrs.get('chat/d.md')).toBe('ois-chat');
    expect(attrs.get('a.txt')).toBe('unspecified');
    await rm(join(dir, '.gitattributes'));
    const failed = await git.exec(mergeFile({ ...files, base: join(dir, 'missing') })).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(GitCommandError);
  });
});

describe('history, work tree and repository operations (real git)', () => {
  it('reads commits: who touched a path, times, the local commits to replay, raw changes', async () => {
    expect(await git.exec(pathCommits('HEAD', 'a.txt', 10))).toEqual([
      { commit: second, author: 'Aria <aria@ois.invalid>' },
      { commit: first, author: 'Aria <aria@ois.invalid>' },
    ]);
    expect(await git.exec(lastCommitTouching('a.txt', { adding: 'TWO' }))).toEqual({ commit: second, author: 'Aria <aria@ois.invalid>' });
    expect(await git.exec(lastCommitTouching('nope'))).toBeUndefined();
    const times = await git.exec(commitTimes(`${first}..HEAD`));
    expect(times).toHaveLength(1);
    expect(times[0]! % 1000).toBe(0);
    const [local] = await git.exec(localCommits([`${first}..HEAD`]));
    expect(local).toMatchObject({ sha: second, parents: [first], authorName: 'Aria', authorEmail: 'aria@ois.invalid', message: 'second\n\nbody\n' });
    expect(local?.authorDate).toMatch(/^\d+ [+-]\d{4}$/);
    const [raw] = await git.exec(rawChanges([`${first}..HEAD`], ['a.txt']));
    expect(raw?.changes).toHaveLength(1);
    expect(raw?.changes[0]?.path).toBe('a.txt');
  });

  it('moves the work tree between commits, keeping nothing stale; finds the repository', async () => {
    await git.exec(moveTree(second, first));
    expect(await git.exec(readBlobs([':a.txt']))).toEqual(['one\ntwo\nthree\n']);
    await git.exec(moveTree(first, second));
    expect(await git.exec(workTreeStatus())).toEqual([]);
    const where = await git.exec(locateRepository());
    expect(where.gitDir).toBe(join(where.top, '.git'));
    const outside = await createGit(tmpdir()).exec(locateRepository()).catch((error: unknown) => error);
    expect((outside as GitCommandError).stderr).toMatch(/not a git repository/i);
  });
});

describe('the pre-commit hook reads what is staged', () => {
  it('by blob, so a path holding a newline cannot shift the other files out of the check', async () => {
    const repo = await mkdtemp(join(tmpdir(), 'ois-ops2-hook-'));
    try {
      const other = createGit(repo);
      await other.run(['init', '-q', '-b', 'main']);
      await writeFile(join(repo, 'a\nb.md'), 'first\n');
      await writeFile(join(repo, 'c.md'), 'second\n');
      await other.exec(addPaths(['a\nb.md', 'c.md']));
      await writeFile(join(repo, 'c.md'), 'not staged\n');
      expect(await stagedFiles(other, () => true)).toEqual([
        { path: 'a\nb.md', text: 'first\n' },
        { path: 'c.md', text: 'second\n' },
      ]);
    } finally {
      await rm(repo, { recursive: true, force: true });
    }
  });
});

describe("git's line merge of a path sent to the chat driver", () => {
  it('merges edits of different lines, and calls edits of the same line a conflict (never a text with markers)', async () => {
    const stage = async (text: string, n: 1 | 2 | 3) => ({ mode: '100644', sha: await git.exec(writeBlob(text)), stage: n, path: 'shared/n.md' });
    const scratch = { dir: join(dir, '.git'), files: createFiles() };
    const base = await stage('1\n2\n3\n4\n', 1);
    const clean = await lineMergeStages(git, { 1: base, 2: await stage('1\nX\n3\n4\n', 2), 3: await stage('1\n2\n3\nY\n', 3) }, scratch);
    expect(clean).toEqual({ text: '1\nX\n3\nY\n', mode: '100644' });
    const conflict = await lineMergeStages(git, { 1: base, 2: await stage('1\nX\n3\n4\n', 2), 3: await stage('1\nZ\n3\n4\n', 3) }, scratch);
    expect(conflict).toBeUndefined();
    expect((await scratch.files.list(scratch.dir))?.filter((name) => name.startsWith('line-merge.'))).toEqual([]);
  });
});
