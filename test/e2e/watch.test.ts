import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually, runOis, startOis, type OisProcess } from '../../harness/cli-process.js';
import { git, joinAs, teamSandbox, type Sandbox } from '../../harness/git-repos.js';

let box: Sandbox;
const running: OisProcess[] = [];
beforeEach(async () => {
  box = await teamSandbox('watch-team', { pollIntervalMs: 300, debounceMs: 30 });
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop('SIGKILL')));
  await box.cleanup();
});

function watch(dir: string): OisProcess {
  const proc = startOis(['watch'], dir, box.env);
  running.push(proc);
  return proc;
}

const exists = (path: string) => readFile(path, 'utf8').then(() => true, () => false);

describe('ois watch (the built CLI as a process)', () => {
  it('carries a file written in one clone to the other, and stops cleanly on SIGTERM', async () => {
    const aria = await joinAs(box, 'aria');
    const hkh = await joinAs(box, 'hkh');
    const a = watch(aria);
    const h = watch(hkh);
    await Promise.all([a.waitFor(/watching/), h.waitFor(/watching/)]);
    await writeFile(join(aria, 'shared', 'hello.txt'), 'hi from aria\n');
    await eventually(() => exists(join(hkh, 'shared', 'hello.txt')), 30_000, 'the file to reach hkh');
    expect(await readFile(join(hkh, 'shared', 'hello.txt'), 'utf8')).toBe('hi from aria\n');
    await a.waitFor(/committed shared\(aria\): add hello\.txt .*pushed/);
    await h.waitFor(/pulled 1 commit/);
    expect(await a.stop('SIGTERM')).toBe(0);
    expect(a.output()).toMatch(/stopped cleanly/);
    expect(await h.stop('SIGINT')).toBe(0);
  });

  it('allows one watcher per clone (exit 7 for the second)', async () => {
    const aria = await joinAs(box, 'aria');
    const first = watch(aria);
    await first.waitFor(/watching/);
    const second = await runOis(['watch'], aria, box.env, 30_000);
    expect(second.code).toBe(7);
    expect(second.stderr).toMatch(/already running/);
    const status = await runOis(['status', '--json'], aria, box.env);
    expect(JSON.parse(status.stdout).watcher.running).toBe(true);
  });

  it('after kill -9 in the middle of cycles, a restart heals the clone and pushes what was pending', async () => {
    const aria = await joinAs(box, 'aria');
    const written: string[] = [];
    for (let round = 0; round < 4; round += 1) {
      const proc = watch(aria);
      await proc.waitFor(/watching/);
      for (let i = 0; i < 5; i += 1) {
        const name = `r${round}-f${i}.txt`;
        await writeFile(join(aria, 'shared', name), `${name}\n`);
        written.push(`shared/${name}`);
        await new Promise((r) => setTimeout(r, 20 + Math.floor(Math.random() * 60)));
      }
      await proc.stop('SIGKILL');
    }
    const last = watch(aria);
    await last.waitFor(/watching/);
    await eventually(async () => {
      const tree = await git(box.bare, ['ls-tree', '-r', '--name-only', 'main', 'shared'], box.env);
      return written.every((path) => tree.includes(path));
    }, 60_000, 'every file on the remote');
    const status = await runOis(['status', '--json'], aria, box.env);
    const report = JSON.parse(status.stdout);
    expect(report.unpushed.commits).toBe(0);
    expect((await git(aria, ['status', '--porcelain'], box.env)).trim()).toBe('');
  });
});
