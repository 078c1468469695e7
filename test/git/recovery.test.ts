import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OisError } from '../../src/core/errors.js';
import { cycleIn, git, joinAs, teamSandbox, type Sandbox } from '../../harness/git-repos.js';

let box: Sandbox;
beforeEach(async () => {
  box = await teamSandbox();
});
afterEach(async () => {
  await box.cleanup();
});

const cycle = (dir: string) => cycleIn(box, dir);

async function failure(promise: Promise<unknown>): Promise<OisError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OisError) return error;
    throw error;
  }
  throw new Error('expected the cycle to fail');
}

/** Two clones that both changed shared/notes.md differently: a real conflict. */
async function conflictingClones(): Promise<{ aria: string; hkh: string }> {
  const aria = await joinAs(box, 'aria');
  const hkh = await joinAs(box, 'hkh');
  await writeFile(join(aria, 'shared', 'notes.md'), 'base\n');
  await cycle(aria);
  await cycle(hkh);
  await writeFile(join(aria, 'shared', 'notes.md'), 'aria says\n');
  await cycle(aria);
  await writeFile(join(hkh, 'shared', 'notes.md'), 'hkh says\n');
  return { aria, hkh };
}

describe('recovery from what a crash leaves behind', () => {
  it('removes a stale index.lock when no git process runs, then commits', async () => {
    const aria = await joinAs(box, 'aria');
    await writeFile(join(aria, '.git', 'index.lock'), '');
    await writeFile(join(aria, 'shared', 'x.txt'), 'x\n');
    const outcome = await cycle(aria);
    expect(outcome.recovered.join(' ')).toContain('index.lock');
    expect(outcome.commit.files).toEqual(['shared/x.txt']);
  });

  it('removes stale ref locks left by a fetch killed half-way', async () => {
    const aria = await joinAs(box, 'aria');
    await mkdir(join(aria, '.git', 'refs', 'remotes', 'origin'), { recursive: true });
    await writeFile(join(aria, '.git', 'refs', 'remotes', 'origin', 'main.lock'), '');
    const outcome = await cycle(aria);
    expect(outcome.recovered.join(' ')).toContain('main.lock');
  });

  it('refuses, with instructions, a rebase that ois did not start', async () => {
    const { hkh } = await conflictingClones();
    await git(hkh, ['add', '-A'], box.env);
    await git(hkh, ['commit', '-q', '-m', 'local edit'], box.env);
    await git(hkh, ['fetch', '-q', 'origin'], box.env);
    await git(hkh, ['rebase', 'origin/main'], box.env).catch(() => undefined);
    const error = await failure(cycle(hkh));
    expect(error.code).toBe('RECOVERY_REFUSED');
    expect(error.hint).toContain('git rebase --continue');
  });

  it('stops on a conflict that needs a human, keeps the local commit and names the file', async () => {
    const { hkh } = await conflictingClones();
    const error = await failure(cycle(hkh));
    expect(error.code).toBe('CONFLICT');
    expect(error.exitCode).toBe(5);
    expect(error.code === 'CONFLICT' && error.data.files).toEqual(['shared/notes.md']);
    expect(await git(hkh, ['show', 'HEAD:shared/notes.md'], box.env)).toBe('hkh says\n');
    expect((await git(hkh, ['status', '--porcelain'], box.env)).trim()).toBe('');
  });

  it('re-attaches a detached HEAD that is on the branch', async () => {
    const aria = await joinAs(box, 'aria');
    await git(aria, ['checkout', '-q', '--detach', 'HEAD'], box.env);
    await writeFile(join(aria, 'shared', 'y.txt'), 'y\n');
    const outcome = await cycle(aria);
    expect(outcome.recovered.join(' ')).toContain('detached');
    expect((await git(aria, ['symbolic-ref', 'HEAD'], box.env)).trim()).toBe('refs/heads/main');
    expect(outcome.exchange.pushed).toBeDefined();
  });

  it('refuses a detached HEAD with commits off the branch, and keeps them on a side ref', async () => {
    const aria = await joinAs(box, 'aria');
    await writeFile(join(aria, 'shared', 'z.txt'), 'z\n');
    await cycle(aria);
    await git(aria, ['checkout', '-q', '--detach', 'HEAD~1'], box.env);
    await writeFile(join(aria, 'shared', 'w.txt'), 'w\n');
    await git(aria, ['add', '-A'], box.env);
    await git(aria, ['commit', '-q', '-m', 'detached work'], box.env);
    const error = await failure(cycle(aria));
    expect(error.code).toBe('RECOVERY_REFUSED');
    const kept = (await git(aria, ['for-each-ref', '--format=%(refname)', 'refs/ois/detached'], box.env)).trim();
    expect(kept).toMatch(/^refs\/ois\/detached\/\d+$/);
  });

  it('keeps commits when the remote is unreachable and pushes them once it is back', async () => {
    const aria = await joinAs(box, 'aria');
    await git(aria, ['remote', 'set-url', 'origin', join(box.root, 'gone.git')], box.env);
    await writeFile(join(aria, 'shared', 'offline.txt'), 'written offline\n');
    const error = await failure(cycle(aria));
    expect(error.code).toBe('REMOTE_UNREACHABLE');
    expect(error.exitCode).toBe(4);
    expect((await git(aria, ['log', '-1', '--format=%s'], box.env)).trim()).toBe('shared(aria): add offline.txt');
    await git(aria, ['remote', 'set-url', 'origin', box.remote], box.env);
    const outcome = await cycle(aria);
    expect(outcome.exchange.pushed).toBeDefined();
    expect(await git(box.bare, ['show', 'main:shared/offline.txt'], box.env)).toBe('written offline\n');
  });
});
