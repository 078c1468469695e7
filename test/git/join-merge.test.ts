import { testPorts } from '../../harness/ports.js';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinTeam } from '../../src/app/setup/join.js';
import { lintRegistryText } from '../../src/core/registry/lint/index.js';
import { parseRegistry } from '../../src/core/registry/parse.js';
import { git } from '../../harness/git-repos.js';
import { foundTeam, joinFresh, plainRemote, type PlainRemote } from '../helpers/newcomer.js';

/**
 * Pending join pull requests merged with each other the way a git host's merge button does it:
 * plain git (ort, line merge) in a clone that has no ois merge driver configured.
 */
let remote: PlainRemote & { bare(name: string, ...initArgs: string[]): Promise<string> };
let url: string;
let reviewer: { dir: string; env: Record<string, string> };
let start: string;

beforeAll(async () => {
  remote = await plainRemote();
  await remote.bare('team.git');
  url = remote.url('team.git');
  await foundTeam(remote, url);
  for (const id of ['zed', 'bob', 'cara']) await joinFresh(remote, url, id, `http://127.0.0.1:${18_790 + id.length}`);
  const machine = await remote.machine('reviewer');
  reviewer = { dir: join(machine.dir, 'clone'), env: machine.env };
  await git(machine.dir, ['clone', '-q', url, 'clone'], machine.env);
  await git(reviewer.dir, ['config', 'user.name', 'Reviewer'], machine.env);
  await git(reviewer.dir, ['config', 'user.email', 'reviewer@example.org'], machine.env);
  start = (await git(reviewer.dir, ['rev-parse', 'origin/main'], machine.env)).trim();
}, 120_000);
afterAll(async () => {
  await remote.cleanup();
});

const run = (args: string[]) => git(reviewer.dir, args, reviewer.env);
const ids = async () => parseRegistry(await run(['show', 'HEAD:AGENTS.md'])).registry.agents.map((a) => a.id);

/** Merges the join branches one after the other into main as it was, each like a merge button: true when every merge was clean. */
async function mergeInOrder(order: readonly string[]): Promise<boolean> {
  await run(['checkout', '-q', '-B', 'main', start]);
  for (const id of order) {
    // The host first checks mergeability without a work tree (merge-tree), then merges.
    const check = await run(['merge-tree', '--write-tree', 'HEAD', `origin/join/${id}`]).then(() => true, () => false);
    if (!check) return false;
    const merged = await run(['merge', '-q', '--no-edit', `origin/join/${id}`]).then(() => true, () => false);
    if (!merged) {
      await run(['merge', '--abort']);
      return false;
    }
  }
  return true;
}

const permutations = <T>(items: readonly T[]): T[][] => (items.length <= 1 ? [[...items]] : items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest])));

describe('pending joins merge with each other with plain git, no ois merge driver', () => {
  it('the reviewer clone has no ois merge driver', async () => {
    expect((await run(['config', '--get-regexp', '^merge\\.']).catch(() => '')).trim()).toBe('');
  });

  it('two pending joins, in either order', async () => {
    for (const order of [['zed', 'bob'], ['bob', 'zed'], ['bob', 'cara'], ['cara', 'bob']]) {
      expect([order, await mergeInOrder(order)]).toEqual([order, true]);
      expect(await ids()).toEqual(['aria', ...[...order].sort()]);
    }
  }, 60_000);

  it('three pending joins, in every order: clean, the same registry each time, lint clean', async () => {
    const results = new Set<string>();
    for (const order of permutations(['zed', 'bob', 'cara'])) {
      expect([order, await mergeInOrder(order)]).toEqual([order, true]);
      const text = await run(['show', 'HEAD:AGENTS.md']);
      expect(lintRegistryText(text).diagnostics).toEqual([]);
      results.add(text);
    }
    expect(results.size).toBe(1);
    expect(await ids()).toEqual(['aria', 'bob', 'cara', 'zed']);
  }, 120_000);

  it('two ids that fall in the same place conflict; the second joiner runs ois join again and the branch merges cleanly', async () => {
    const bea = await joinFresh(remote, url, 'bea', 'http://127.0.0.1:18801');
    await run(['fetch', '-q', 'origin']);
    await run(['checkout', '-q', '-B', 'main', start]);
    await run(['merge', '-q', '--no-edit', 'origin/join/bob']);
    await run(['push', '-q', 'origin', 'main']);
    // bea and bob both go right after the b marker: git sees two insertions at one place.
    expect(await run(['merge-tree', '--write-tree', 'HEAD', 'origin/join/bea']).then(() => 'clean', () => 'conflict')).toBe('conflict');
    const again = await joinTeam({ remote: url, dir: bea.top, identity: { id: 'bea', name: 'BEA', gateway: 'http://127.0.0.1:18801' }, cwd: bea.top }, testPorts(bea.env));
    expect(again.onboarding).toMatchObject({ change: 'updated' });
    await run(['fetch', '-q', 'origin']);
    await run(['merge', '-q', '--no-edit', 'origin/join/bea']);
    expect(await ids()).toEqual(['aria', 'bea', 'bob']);
    expect(lintRegistryText(await run(['show', 'HEAD:AGENTS.md'])).diagnostics).toEqual([]);
  }, 60_000);
});
