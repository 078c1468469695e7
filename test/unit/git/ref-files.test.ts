import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGit, type ArgvGit } from '../../../src/adapters/git.js';
import { isAncestor, resolveCommit } from '../../../src/core/git/refs.js';
import { leftRightCounts } from '../../../src/core/git/remote.js';

// resolveCommit of HEAD, a branch or a remote-tracking ref is answered from the ref files (no git
// process), a notes ref only once git called its object a commit; everything else, and whatever the
// files do not say, still asks git.

const who = ['-c', 'user.name=t', '-c', 'user.email=aria@ois.invalid'];
let dir: string;
let git: ArgvGit;
/** The same clone through a git that cannot start (PATH points nowhere): only the ref files can answer. */
let noGit: ArgvGit;
let one: string;
let two: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ois-ref-files-'));
  git = createGit(dir);
  noGit = createGit(dir, { env: { ...process.env, PATH: join(dir, 'nowhere') } });
  await git.run(['init', '-q', '-b', 'main']);
  await writeFile(join(dir, 'a.md'), 'one\n');
  await git.run(['add', '-A']);
  await git.run([...who, 'commit', '-q', '-m', 'one']);
  one = (await git.run(['rev-parse', 'HEAD'])).trim();
  await writeFile(join(dir, 'a.md'), 'two\n');
  await git.run([...who, 'commit', '-q', '-am', 'two']);
  two = (await git.run(['rev-parse', 'HEAD'])).trim();
  await git.run(['update-ref', 'refs/remotes/origin/main', one]);
  await git.run([...who, 'notes', '--ref=refs/notes/ois-wakes', 'add', '-m', 'ois-wake delivered peer=bob', one]);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const notesTip = async (): Promise<string> => (await git.run(['rev-parse', 'refs/notes/ois-wakes'])).trim();

describe('resolveCommit from the ref files (real git)', () => {
  it('HEAD, a branch and a remote-tracking ref: loose, then packed, the same answers as git, without a git process', async () => {
    const refs = ['HEAD', 'refs/heads/main', 'refs/remotes/origin/main'];
    const expected = [two, two, one];
    expect(await Promise.all(refs.map((r) => noGit.exec(resolveCommit(r))))).toEqual(expected);
    await git.run(['pack-refs', '--all', '--prune']);
    expect(await Promise.all(refs.map((r) => noGit.exec(resolveCommit(r))))).toEqual(expected);
    expect(await Promise.all(refs.map((r) => git.exec(resolveCommit(r))))).toEqual(expected);
  });

  it('a detached HEAD reads as its commit', async () => {
    await git.run(['checkout', '-q', '--detach', one]);
    expect(await noGit.exec(resolveCommit('HEAD'))).toBe(one);
  });

  it('asks git for what the files do not say: a missing ref, an unborn branch, a revision expression, a tag, another ref space', async () => {
    for (const rev of ['refs/heads/nope', 'HEAD~1', 'refs/tags/v1', 'refs/ois/queued/aria/x', 'refs/notes/ois-wakes', one]) {
      await expect(noGit.exec(resolveCommit(rev)), rev).rejects.toThrow();
    }
    expect(await git.exec(resolveCommit('refs/heads/nope'))).toBeUndefined();
    expect(await git.exec(resolveCommit('HEAD~1'))).toBe(one);
    expect(await git.exec(resolveCommit('refs/notes/ois-wakes'))).toBe(await notesTip());
    await git.run(['checkout', '-q', '--orphan', 'fresh']);
    await expect(noGit.exec(resolveCommit('HEAD'))).rejects.toThrow();
    expect(await git.exec(resolveCommit('HEAD'))).toBeUndefined();
  });

  it("a teammate's notes ref pointing at a blob (git accepts such a push) is no commit, as git says", async () => {
    const blob = (await git.run(['hash-object', '-w', 'a.md'])).trim();
    await git.run(['update-ref', 'refs/notes/remotes/origin/ois-wakes', blob]);
    expect(await git.exec(resolveCommit('refs/notes/remotes/origin/ois-wakes'))).toBeUndefined();
  });

  it('a notes ref: git answers first; once git called its object a commit, the file answers; moved to a blob, git answers again', async () => {
    const tip = await notesTip();
    expect(await git.exec(resolveCommit('refs/notes/ois-wakes'))).toBe(tip);
    expect(await noGit.exec(resolveCommit('refs/notes/ois-wakes'))).toBe(tip);
    const blob = (await git.run(['hash-object', '-w', 'a.md'])).trim();
    await git.run(['update-ref', 'refs/notes/ois-wakes', blob]);
    await expect(noGit.exec(resolveCommit('refs/notes/ois-wakes'))).rejects.toThrow();
    expect(await git.exec(resolveCommit('refs/notes/ois-wakes'))).toBeUndefined();
  });

  it('a settled operation (object ids in) is answered once by git, then from memory; by ref name, always by git', async () => {
    expect(await git.exec(isAncestor(one, two))).toBe(true);
    expect(await git.exec(isAncestor(two, one))).toBe(false);
    expect(await git.exec(leftRightCounts(one, two))).toEqual({ ahead: 0, behind: 1 });
    expect(await noGit.exec(isAncestor(one, two))).toBe(true);
    expect(await noGit.exec(isAncestor(two, one))).toBe(false);
    expect(await noGit.exec(leftRightCounts(one, two))).toEqual({ ahead: 0, behind: 1 });
    await expect(noGit.exec(isAncestor(one, 'HEAD'))).rejects.toThrow();
    await expect(noGit.exec(leftRightCounts(one, 'refs/heads/main'))).rejects.toThrow();
  });

  it('with GIT_DIR set (inside a hook) the files under the folder are not trusted: git answers', async () => {
    const hooked = createGit(dir, { env: { ...process.env, PATH: join(dir, 'nowhere'), GIT_DIR: join(dir, '.git') } });
    await expect(hooked.exec(resolveCommit('HEAD'))).rejects.toThrow();
  });
});
