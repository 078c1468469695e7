import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGit } from '../../../src/adapters/git.js';
import { configGet, configRemoveSection, configSet } from '../../../src/core/git/config.js';
import { GitCommandError, gitSaid } from '../../../src/core/git/error.js';
import { commitTree } from '../../../src/core/git/commit.js';
import { listTree, makeTree, readBlobs, treeOf, writeBlob } from '../../../src/core/git/objects.js';
import { resolveCommit } from '../../../src/core/git/refs.js';
import {
  absoluteGitDir,
  addRemote,
  checkoutTracking,
  cloneRepository,
  commitStaged,
  fetchPruned,
  initRepository,
  listRemoteHeads,
  parseHeads,
  pushCommit,
  pushDryRun,
  remoteTrackingBranches,
  setRemoteHead,
  stagePaths,
  symbolicTarget,
} from '../../../src/core/git/setup.js';
import { identityEnv } from '../../../src/core/identity.js';

const who = identityEnv({ id: 'aria', name: 'ARIA' });
let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ois-setup-ops-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('setup operations through Git.exec (real git)', () => {
  it('init, stage, commit, remote, clone without checkout, track the team branch, list what the remote has', async () => {
    const bare = join(root, 'team.git');
    await createGit(root).run(['init', '-q', '--bare', '-b', 'master', bare]);
    const seedDir = join(root, 'seed');
    await mkdir(seedDir);
    const git = createGit(seedDir);
    await git.exec(initRepository('main'));
    expect((await git.run(['symbolic-ref', 'HEAD'])).trim()).toBe('refs/heads/main');
    expect(await git.exec(absoluteGitDir())).toBe(join(seedDir, '.git'));
    await writeFile(join(seedDir, 'a [1].md'), 'one\n');
    await git.exec(stagePaths(['a [1].md']));
    await git.exec(commitStaged('first', who));
    const head = await git.exec(resolveCommit('HEAD'));
    expect(head).toMatch(/^[0-9a-f]{40}$/);
    await git.exec(addRemote('origin', bare));
    expect(await git.exec(configGet('remote.origin.url'))).toBe(bare);
    await git.exec(pushDryRun('origin', 'HEAD:refs/heads/main'));
    expect(await git.exec(listRemoteHeads('origin'))).toEqual([]);
    await git.exec(pushCommit('origin', head!, 'main'));
    await git.exec(pushCommit('origin', head!, 'join/aria'));
    expect((await git.exec(listRemoteHeads('origin'))).sort()).toEqual(['join/aria', 'main']);

    const clone = join(root, 'clone');
    await createGit(root).exec(cloneRepository(bare, clone, { checkout: false, config: { 'core.symlinks': 'false' } }));
    const cloned = createGit(clone);
    expect(await cloned.exec(configGet('core.symlinks', { local: true }))).toBe('false');
    expect((await cloned.exec(remoteTrackingBranches('origin'))).sort()).toEqual(['join/aria', 'main']);
    // The bare remote's HEAD names master, which nobody pushed: no symbolic origin/HEAD.
    expect(await cloned.exec(symbolicTarget('refs/remotes/origin/HEAD'))).toBeUndefined();
    await cloned.exec(checkoutTracking('main', 'origin/main'));
    await cloned.exec(setRemoteHead('origin', 'main'));
    expect(await cloned.exec(symbolicTarget('refs/remotes/origin/HEAD'))).toBe('origin/main');
    expect(await cloned.exec(configGet('branch.main.remote'))).toBe('origin');
    await cloned.exec(configSet('branch.master.remote', 'origin'));
    await cloned.exec(configRemoveSection('branch.master'));
    expect(await cloned.exec(configGet('branch.master.remote'))).toBeUndefined();
    await git.exec(pushCommit('origin', head!, 'other'));
    await createGit(bare).run(['branch', '-D', 'join/aria']);
    await cloned.exec(fetchPruned('origin'));
    expect((await cloned.exec(remoteTrackingBranches('origin'))).sort()).toEqual(['main', 'other']);
  });

  it('a refused push carries git\'s own words, without the line on how the command ended', async () => {
    const git = createGit(join(root, 'seed'));
    const failed = await git.exec(pushCommit('origin', 'f'.repeat(40), 'nowhere')).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(GitCommandError);
    const error = failed as GitCommandError;
    expect(error.stderr).toMatch(/\nexit 1\d*\s*$/);
    expect(gitSaid(error)).not.toMatch(/exit \d+\s*$/);
    expect(gitSaid(error)).toMatch(/^(error|fatal): /m);
    expect(gitSaid(error).trim()).toBe(error.stderr.replace(/\s*exit \d+\s*$/, '').trim());
  });

  it('parses ls-remote output', () => {
    expect(parseHeads('ab\trefs/heads/join/zed\ncd\trefs/heads/main\nef\trefs/tags/v1\n')).toEqual(['join/zed', 'main']);
    expect(parseHeads('')).toEqual([]);
  });
});

describe('object operations through Git.exec (real git)', () => {
  it('builds a commit from a tree with one file replaced, without touching the work tree or index', async () => {
    const git = createGit(join(root, 'seed'));
    const base = (await git.exec(resolveCommit('HEAD')))!;
    const tree = await git.exec(treeOf(base));
    const entries = await git.exec(listTree(tree));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatch(/^100644 blob [0-9a-f]{40}\ta \[1\]\.md$/);
    const blob = await git.exec(writeBlob('# Agents\n'));
    const next = await git.exec(makeTree([...entries, `100644 blob ${blob}\tAGENTS.md`]));
    expect(next).toMatch(/^[0-9a-f]{40}$/);
    const commit = await git.exec(commitTree(next, [base], 'registry(aria): join', who));
    expect(await git.exec(treeOf(commit))).toBe(next);
    const [agents, kept, missing, notBlob] = await git.exec(readBlobs([`${commit}:AGENTS.md`, `${commit}:a [1].md`, `${commit}:nope.md`, commit]));
    expect(agents).toBe('# Agents\n');
    expect(kept).toBe('one\n');
    expect(missing).toBeUndefined();
    expect(notBlob).toBeUndefined();
    expect(await git.exec(readBlobs([]))).toEqual([]);
    const author = (await git.run(['log', '-1', '--format=%an <%ae>', commit])).trim();
    expect(author).toBe('ARIA <aria@ois.invalid>');
  });
});
