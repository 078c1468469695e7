import { testPorts } from '../../harness/ports.js';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRepo } from '../../src/app/clone/repo.js';
import { runCycle } from '../../src/app/sync/cycle.js';
import { systemCycleDeps } from '../../src/wiring/cycle-deps.js';
import { cycleIn, git, joinAs, teamSandbox, type Sandbox } from '../../harness/git-repos.js';

let box: Sandbox;
beforeEach(async () => {
  box = await teamSandbox();
});
afterEach(async () => {
  await box.cleanup();
});

const cycle = (dir: string, pushFirst = false) => cycleIn(box, dir, pushFirst);

describe('one sync cycle against a real bare remote', () => {
  it('commits as the agent with a message that says what changed, and pushes', async () => {
    const aria = await joinAs(box, 'aria');
    await writeFile(join(aria, 'chat', '2026-11-23.md'), '# 2026-11-23 Chat Log\n\n## 14:32 - ARIA\n\nhello\n\n---\n');
    const outcome = await cycle(aria);
    expect(outcome.commit.subject).toBe('chat(aria): 1 entry in 2026-11-23');
    expect(outcome.exchange.pushed?.to).toBe(outcome.commit.sha);
    const log = await git(box.bare, ['log', '-1', '--format=%an <%ae>|%s', 'main'], box.env);
    expect(log.trim()).toBe('ARIA <aria@ois.invalid>|chat(aria): 1 entry in 2026-11-23');
  });

  it('reports nothing to do when in sync', async () => {
    const aria = await joinAs(box, 'aria');
    const outcome = await cycle(aria);
    expect(outcome.commit.sha).toBeUndefined();
    expect(outcome.exchange.relation).toBe('equal');
    expect(outcome.exchange.pushed).toBeUndefined();
  });

  it('two clones writing at the same time converge and neither loses a file', async () => {
    const aria = await joinAs(box, 'aria');
    const hkh = await joinAs(box, 'hkh');
    for (let i = 0; i < 5; i += 1) {
      await writeFile(join(aria, 'shared', `aria-${i}.txt`), `from aria ${i}\n`);
      await writeFile(join(hkh, 'shared', `hkh-${i}.txt`), `from hkh ${i}\n`);
      await Promise.all([cycle(aria, true), cycle(hkh, true)]);
    }
    await cycle(aria);
    await cycle(hkh);
    const files = async (dir: string) => (await git(dir, ['ls-files', 'shared'], box.env)).trim().split('\n').sort();
    const expected = ['shared/.gitkeep', ...[0, 1, 2, 3, 4].flatMap((i) => [`shared/aria-${i}.txt`, `shared/hkh-${i}.txt`])].sort();
    expect(await files(aria)).toEqual(expected);
    expect(await files(hkh)).toEqual(expected);
    const heads = await Promise.all([aria, hkh, box.bare].map((d) => git(d, ['rev-parse', 'main'], box.env)));
    expect(new Set(heads).size).toBe(1);
  });

  it('rebases local commits over the remote when both moved (diverged)', async () => {
    const aria = await joinAs(box, 'aria');
    const hkh = await joinAs(box, 'hkh');
    await writeFile(join(aria, 'shared', 'a.txt'), 'a\n');
    await cycle(aria);
    await writeFile(join(hkh, 'shared', 'h.txt'), 'h\n');
    const repo = await openRepo(hkh, testPorts(box.env));
    // Commit locally first (push fails over nothing: we only make the clone diverge).
    const outcome = await runCycle(repo, repo.identity!, systemCycleDeps());
    expect(outcome.exchange.relation).toBe('diverged');
    expect(outcome.exchange.pulled).toBe(1);
    expect(outcome.exchange.pushed).toBeDefined();
    const backup = await git(hkh, ['rev-parse', '--verify', 'refs/ois/backup/pre-rebase'], box.env);
    expect(backup.trim()).toMatch(/^[0-9a-f]{40}$/);
    expect((await git(hkh, ['log', '--format=%s', '-3'], box.env)).trim().split('\n')[0]).toBe('shared(hkh): add h.txt');
  });

  it('leaves out and reports oversized files, editor temp files and secret-looking files', async () => {
    const aria = await joinAs(box, 'aria');
    await writeFile(join(aria, 'ois.config.json'), JSON.stringify({ limits: { maxFileBytes: 1000 }, ignore: ['shared/scratch/'] }));
    await cycle(aria);
    await mkdir(join(aria, 'shared', 'scratch'), { recursive: true });
    await writeFile(join(aria, 'shared', 'big.bin'), Buffer.alloc(5000));
    await writeFile(join(aria, 'shared', '.notes.md.swp'), 'x');
    await writeFile(join(aria, 'shared', '.env'), 'TOKEN=x');
    await writeFile(join(aria, 'shared', 'scratch', 'tmp.txt'), 'x');
    await writeFile(join(aria, 'shared', 'ok.md'), 'fine\n');
    const outcome = await cycle(aria);
    expect(outcome.commit.files).toEqual(['shared/ok.md']);
    expect(outcome.commit.excluded.map((e) => [e.path, e.reason]).sort()).toEqual([
      ['shared/.env', 'secret-file'],
      ['shared/.notes.md.swp', 'editor-temp'],
      ['shared/big.bin', 'too-large'],
      ['shared/scratch/tmp.txt', 'team-ignore'],
    ]);
    const tracked = await git(box.bare, ['ls-tree', '-r', '--name-only', 'main', 'shared'], box.env);
    expect(tracked).not.toContain('big.bin');
    expect(tracked).toContain('shared/ok.md');
  });

  it('counts appended chat entries in the commit message', async () => {
    const aria = await joinAs(box, 'aria');
    const file = join(aria, 'chat', '2026-11-23.md');
    await writeFile(file, '# 2026-11-23 Chat Log\n\n## 14:32 - ARIA\n\none\n\n---\n');
    await cycle(aria);
    await appendFile(file, '\n## 14:33 - ARIA\n\ntwo\n\n---\n\n## 14:34 - ARIA\n\nthree\n\n---\n');
    expect((await cycle(aria)).commit.subject).toBe('chat(aria): 2 entries in 2026-11-23');
    expect(await readFile(file, 'utf8')).toContain('three');
  });
});
