import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGit } from '../../../src/adapters/git.js';
import { configGet, configMatching, configSet, configUnset } from '../../../src/core/git/config.js';
import { GitCommandError } from '../../../src/core/git/error.js';
import { countCommits, currentBranch, isAncestor, resolveCommit, updateRef } from '../../../src/core/git/refs.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ois-ops-'));
  const git = createGit(dir);
  await git.run(['init', '-q', '-b', 'main']);
  await git.run(['-c', 'user.name=t', '-c', 'user.email=t@x', 'commit', '-q', '--allow-empty', '-m', 'one']);
  await git.run(['-c', 'user.name=t', '-c', 'user.email=t@x', 'commit', '-q', '--allow-empty', '-m', 'two']);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('git operations through Git.exec (real git)', () => {
  it('answers "missing" with undefined, not an error, and resolves what exists', async () => {
    const git = createGit(dir);
    expect(await git.exec(resolveCommit('refs/heads/nope'))).toBeUndefined();
    const head = await git.exec(resolveCommit('HEAD'));
    expect(head).toMatch(/^[0-9a-f]{40}$/);
    const first = await git.exec(resolveCommit('HEAD~1'));
    expect(await git.exec(isAncestor(first!, head!))).toBe(true);
    expect(await git.exec(isAncestor(head!, first!))).toBe(false);
    expect(await git.exec(countCommits(`${first}..HEAD`))).toBe(1);
    expect(await git.exec(currentBranch())).toBe('main');
    await git.exec(updateRef('refs/ois/test', first!, { message: 'test' }));
    expect(await git.exec(resolveCommit('refs/ois/test'))).toBe(first);
  });

  it('reads and writes config, a missing key being undefined', async () => {
    const git = createGit(dir);
    expect(await git.exec(configGet('ois.nothing'))).toBeUndefined();
    await git.exec(configSet('ois.id', 'aria'));
    expect(await git.exec(configGet('ois.id'))).toBe('aria');
    expect((await git.exec(configMatching('^ois\\.'))).get('ois.id')).toBe('aria');
    await git.exec(configUnset('ois.id'));
    await git.exec(configUnset('ois.id'));
    expect(await git.exec(configMatching('^ois\\.'))).toEqual(new Map());
  });

  it('puts the exit code on the typed error, and stops a command on abort', async () => {
    const git = createGit(dir);
    const failed = await git.exec(updateRef('refs/heads/main', 'f'.repeat(40))).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(GitCommandError);
    expect((failed as GitCommandError).exitCode).toBe(128);
    const controller = new AbortController();
    controller.abort();
    const aborted = await git.exec(countCommits('HEAD'), { signal: controller.signal }).catch((error: unknown) => error);
    expect((aborted as GitCommandError).aborted).toBe(true);
  });
});
