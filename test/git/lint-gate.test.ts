import { testPorts } from '../../harness/ports.js';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemCycleDeps } from '../../src/wiring/cycle-deps.js';
import { readStatus } from '../../src/app/clone/status.js';
import { cycleDepsWithGate } from '../../src/cli/commands/gate.js';
import { cycleIn, git, joinAs, teamSandbox, type Sandbox } from '../../harness/git-repos.js';

let box: Sandbox;
beforeEach(async () => {
  box = await teamSandbox();
});
afterEach(async () => {
  await box.cleanup();
});

const cycle = (dir: string) => cycleIn(box, dir, false, cycleDepsWithGate(systemCycleDeps()));

const remoteFile = (path: string) => git(box.bare, ['show', `main:${path}`], box.env).catch(() => '');

describe('the sync cycle never pushes what fails lint', () => {
  it('keeps a bad registry edit in the working tree, pushes the rest, and pushes the registry once fixed', async () => {
    const aria = await joinAs(box, 'aria');
    const agents = join(aria, 'AGENTS.md');
    const good = '\n## ARIA (Core)\n\n- Id: aria\n- Gateway: http://127.0.0.1:18789\n- Token: env:OIS_TOKEN_ARIA\n';
    await appendFile(agents, good.replace('http://127.0.0.1:18789', 'not a url'));
    await writeFile(join(aria, 'shared', 'notes.md'), 'other work\n');
    const outcome = await cycle(aria);
    expect(outcome.commit.files).toEqual(['shared/notes.md']);
    expect(outcome.commit.excluded).toHaveLength(1);
    expect(outcome.commit.excluded[0]?.path).toBe('AGENTS.md');
    expect(outcome.commit.excluded[0]?.detail).toMatch(/AGENTS\.md:\d+:\d+: .*\(gateway-url\)/);
    expect(await remoteFile('shared/notes.md')).toBe('other work\n');
    expect(await remoteFile('AGENTS.md')).not.toContain('## ARIA (Core)');
    const status = await readStatus(aria, testPorts(box.env), new Date());
    expect(status.excluded.map((e) => e.path)).toEqual(['AGENTS.md']);
    // Fixed: now it goes out.
    const text = await readFile(agents, 'utf8');
    await writeFile(agents, text.replace('not a url', 'http://127.0.0.1:18789'));
    const fixed = await cycle(aria);
    expect(fixed.commit.files).toEqual(['AGENTS.md']);
    expect(await remoteFile('AGENTS.md')).toContain('## ARIA (Core)');
  });

  it('never commits an AGENTS.md over the size limit, however large (it is refused, not skipped)', async () => {
    const aria = await joinAs(box, 'aria');
    for (const size of [300 * 1024, 3 * 1024 * 1024]) {
      await appendFile(join(aria, 'AGENTS.md'), `\n${'Notes. '.repeat(Math.ceil(size / 7))}\n`);
      const outcome = await cycle(aria);
      expect(outcome.commit.excluded.map((e) => [e.path, e.reason])).toEqual([['AGENTS.md', 'lint']]);
      expect(outcome.commit.excluded[0]?.detail).toMatch(/larger than/);
    }
    expect((await remoteFile('AGENTS.md')).length).toBeLessThan(10_000);
  });

  it('does not push a chat entry with a literal token, and says where it is', async () => {
    const aria = await joinAs(box, 'aria');
    const leaked = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718';
    await writeFile(join(aria, 'chat', '2026-11-23.md'), `# 2026-11-23 Chat Log\n\n## 14:32 - ARIA\n\nmy token is ${leaked}\n\n---\n`);
    const outcome = await cycle(aria);
    // The file's only entry is held back: nothing to commit (a title alone is not committed).
    expect(outcome.commit.sha).toBeUndefined();
    expect(outcome.notices).toMatchObject([{ kind: 'held', path: 'chat/2026-11-23.md', line: 5, heading: '## 14:32 - ARIA' }]);
    expect(outcome.notices[0]?.message).toMatch(/no-literal-secret|literal secret/);
    expect(JSON.stringify(outcome.notices)).not.toContain(leaked);
    expect(await remoteFile('chat/2026-11-23.md')).toBe('');
    const status = await readStatus(aria, testPorts(box.env), new Date());
    expect(status.held.map((n) => `${n.path}:${n.line}`)).toEqual(['chat/2026-11-23.md:5']);
  });

  it('the pre-commit hook refuses a bad registry edit committed by hand', async () => {
    const aria = await joinAs(box, 'aria');
    await appendFile(join(aria, 'AGENTS.md'), '\n## Broken\n\n- Id: NOT VALID\n- Gateway: ftp://x\n');
    await git(aria, ['add', 'AGENTS.md'], box.env);
    const error = await git(aria, ['commit', '-m', 'bad edit'], box.env).then(() => undefined, (e: Error & { stderr?: string }) => e);
    expect(error).toBeDefined();
    expect(String(error?.stderr)).toMatch(/AGENTS\.md:\d+:\d+: .*commit refused/s);
  });
});
