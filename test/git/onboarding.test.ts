import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { judgeRegistered } from '../../src/app/doctor/registry.js';
import { testPorts } from '../../harness/ports.js';
import { joinTeam, type JoinInput } from '../../src/app/setup/join.js';
import { compareLink } from '../../src/core/registry/compare-link.js';
import { lintRegistryText } from '../../src/core/registry/lint/index.js';
import { parseRegistry } from '../../src/core/registry/parse.js';
import { git, teamSandbox, type Sandbox } from '../../harness/git-repos.js';

let box: Sandbox;
beforeEach(async () => {
  box = await teamSandbox();
  // Any force-push, or a push that rewrites a branch, is refused by the remote: none must be needed.
  await git(box.bare, ['config', 'receive.denyNonFastForwards', 'true'], box.env);
  await git(box.bare, ['config', 'receive.denyDeletes', 'true'], box.env);
});
afterEach(async () => {
  await box.cleanup();
});

const nova = (over: Partial<JoinInput> = {}): JoinInput => ({
  remote: box.remote,
  dir: join(box.root, 'nova'),
  identity: { id: 'nova', name: 'Nova 🌟', gateway: 'http://127.0.0.1:18790' },
  cwd: box.root,
  ...over,
});
const tip = async (ref: string) => (await git(box.bare, ['rev-parse', ref], box.env)).trim();
const parentsOf = async (ref: string) => (await git(box.bare, ['rev-list', '--parents', '-n1', ref], box.env)).trim().split(' ').slice(1);

/** What a member does to merge a pending join branch: plain git in a clone of the remote. */
async function mergeByHand(branch: string): Promise<void> {
  const dir = join(box.root, `merger-${Math.random().toString(36).slice(2)}`);
  await git(box.root, ['clone', '-q', box.remote, dir], box.env);
  await git(dir, ['merge', '-q', '--no-edit', `origin/${branch}`], box.env);
  await git(dir, ['push', '-q', 'origin', 'main'], box.env);
}

describe('onboarding by pull request', () => {
  it('a new id: writes the section on join/<id>, grown from main, pushes only that branch, and leaves the clone on main', async () => {
    const mainBefore = await tip('main');
    const result = await joinTeam(nova(), testPorts(box.env));
    expect(result.onboarding).toEqual({ kind: 'pushed', branch: 'join/nova', purpose: 'join', change: 'created' });
    expect(await tip('main')).toBe(mainBefore);
    expect(await parentsOf('join/nova')).toEqual([mainBefore]);
    const section = await git(box.bare, ['show', 'join/nova:AGENTS.md'], box.env);
    expect(section).toContain('## Nova 🌟\n\n- Id: nova\n- Gateway: http://127.0.0.1:18790\n- Session: agent:main:main\n- Wake: hooks\n- Hooks-Token: env:OIS_HOOKS_NOVA\n');
    expect(lintRegistryText(section).errorCount).toBe(0);
    const author = await git(box.bare, ['log', '-1', '--format=%an <%ae>', 'join/nova'], box.env);
    expect(author.trim()).toBe('Nova 🌟 <nova@ois.invalid>');
    expect((await git(result.top, ['symbolic-ref', 'HEAD'], box.env)).trim()).toBe('refs/heads/main');
    expect(await readFile(join(result.top, 'AGENTS.md'), 'utf8')).not.toContain('- Id: nova');
    expect((await git(result.top, ['status', '--porcelain'], box.env)).trim()).toBe('');
  });

  it('joining again with the same options changes nothing: no new commit, no push', async () => {
    await joinTeam(nova(), testPorts(box.env));
    const first = await tip('join/nova');
    const again = await joinTeam(nova(), testPorts(box.env));
    expect(again.onboarding).toMatchObject({ kind: 'pushed', change: 'unchanged' });
    expect(await tip('join/nova')).toBe(first);
    // From another machine (a fresh clone) too.
    const elsewhere = await joinTeam(nova({ dir: join(box.root, 'nova-laptop') }), testPorts(box.env));
    expect(elsewhere.onboarding).toMatchObject({ change: 'unchanged' });
    expect(await tip('join/nova')).toBe(first);
  });

  it('when main moved on (another join merged), joining again brings join/<id> up to date with a fast-forward that merges cleanly', async () => {
    await joinTeam(nova(), testPorts(box.env));
    const first = await tip('join/nova');
    await joinTeam({ ...nova(), dir: join(box.root, 'bob'), identity: { id: 'bob', name: 'Bob', gateway: 'http://127.0.0.1:18791' } }, testPorts(box.env));
    await mergeByHand('join/bob');
    const main = await tip('main');
    const again = await joinTeam(nova(), testPorts(box.env));
    expect(again.onboarding).toMatchObject({ change: 'updated' });
    expect(await parentsOf('join/nova')).toEqual([first, main]);
    await mergeByHand('join/nova');
    const registry = await git(box.bare, ['show', 'main:AGENTS.md'], box.env);
    expect(parseRegistry(registry).registry.agents.map((a) => a.id)).toEqual(['bob', 'nova']);
    expect(lintRegistryText(registry).errorCount).toBe(0);
  });

  it('another --gateway before the merge: a commit on top of join/<id> with the new URL', async () => {
    await joinTeam(nova(), testPorts(box.env));
    const first = await tip('join/nova');
    const moved = await joinTeam(nova({ identity: { id: 'nova', name: 'Nova 🌟', gateway: 'http://10.0.0.7:18790' } }), testPorts(box.env));
    expect(moved.onboarding).toMatchObject({ change: 'updated', purpose: 'join' });
    expect(await parentsOf('join/nova')).toEqual([first]);
    expect(await git(box.bare, ['show', 'join/nova:AGENTS.md'], box.env)).toContain('- Gateway: http://10.0.0.7:18790');
  });

  it('a member whose registered Gateway differs from --gateway gets join/<id> changing that one line; the doctor fails the mismatch meanwhile', async () => {
    await joinTeam(nova(), testPorts(box.env));
    await mergeByHand('join/nova');
    const laptop = nova({ dir: join(box.root, 'nova-laptop'), identity: { id: 'nova', name: 'Nova 🌟', gateway: 'http://10.0.0.7:18790' } });
    const result = await joinTeam(laptop, testPorts(box.env));
    expect(result.onboarding).toMatchObject({ kind: 'pushed', branch: 'join/nova', purpose: 'gateway', change: 'updated' });
    const diff = await git(box.bare, ['diff', 'main', 'join/nova'], box.env);
    expect(diff.split('\n').filter((l) => /^[-+](?![-+])|^[-+]- /.test(l))).toEqual(['-- Gateway: http://127.0.0.1:18790', '+- Gateway: http://10.0.0.7:18790']);
    const agents = parseRegistry(await readFile(join(result.top, 'AGENTS.md'), 'utf8')).registry.agents;
    const pending = judgeRegistered(laptop.identity, agents, { pending: true, remote: box.remote });
    expect(pending).toMatchObject({ verdict: 'fail' });
    expect(pending?.fix).toContain('git merge --no-edit origin/join/nova');
    const none = judgeRegistered(laptop.identity, agents, { pending: false, remote: box.remote });
    expect(none?.fix).toContain(`ois join ${box.remote} . --id nova`);
    expect(none?.fix).toContain('git config ois.gateway http://127.0.0.1:18790');
  });

  it('a join branch left by an older ois (a parentless commit) is repaired by joining again: main becomes its ancestor, no force', async () => {
    const orphanDir = join(box.root, 'orphan');
    await git(box.root, ['init', '-q', '-b', 'x', orphanDir], box.env);
    await git(orphanDir, ['commit', '-q', '--allow-empty', '-m', 'registry(nova): parentless'], box.env);
    await git(orphanDir, ['push', '-q', box.remote, 'x:refs/heads/join/nova'], box.env);
    const orphan = await tip('join/nova');
    await joinTeam(nova(), testPorts(box.env));
    expect(await parentsOf('join/nova')).toEqual([orphan, await tip('main')]);
    await mergeByHand('join/nova');
    expect(await git(box.bare, ['show', 'main:AGENTS.md'], box.env)).toContain('- Id: nova');
  });

  it('an id already in AGENTS.md with the same Gateway: no branch; without --gateway: asks for it', async () => {
    await joinTeam(nova(), testPorts(box.env));
    await mergeByHand('join/nova');
    const again = await joinTeam(nova({ dir: join(box.root, 'nova2') }), testPorts(box.env));
    expect(again.onboarding).toBeUndefined();
    const noGateway = await joinTeam(nova({ dir: join(box.root, 'kim'), identity: { id: 'kim', name: 'Kim' } }), testPorts(box.env));
    expect(noGateway.onboarding).toEqual({ kind: 'needs-gateway' });
  });

  it('compare links for GitHub, GitLab and Gitea remotes; none for local ones', () => {
    expect(compareLink('git@github.com:acme/ois.git', 'join/aria', 'main')?.url).toBe('https://github.com/acme/ois/compare/main...join/aria?expand=1');
    expect(compareLink('https://gitlab.com/acme/team/ois.git', 'join/aria', 'main')?.url).toBe(
      'https://gitlab.com/acme/team/ois/-/merge_requests/new?merge_request%5Bsource_branch%5D=join%2Faria&merge_request%5Btarget_branch%5D=main',
    );
    expect(compareLink('ssh://git@gitea.example.org:2222/acme/ois.git', 'join/aria', 'main')?.url).toBe('https://gitea.example.org/acme/ois/compare/main...join/aria');
    expect(compareLink('/srv/git/ois.git', 'join/aria', 'main')).toBeUndefined();
    expect(compareLink('file:///srv/git/ois.git', 'join/aria', 'main')).toBeUndefined();
  });
});
