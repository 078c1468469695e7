import { testPorts } from '../../harness/ports.js';
import { execFile } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { chmod, readFile, readdir, rm, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinTeam } from '../../src/app/setup/join.js';
import { remoteText, entryKeys } from '../helpers/chat-history.js';
import { runOis } from '../../harness/cli-process.js';
import { git, joinAs, teamSandbox, type Sandbox } from '../../harness/git-repos.js';

const exec = promisify(execFile);
const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
/** Every command below must end well before the 60 s an unfilled lock file used to cost. */
const BOUND_MS = 30_000;

let box: Sandbox;
beforeAll(async () => {
  box = await teamSandbox();
});
afterAll(async () => {
  await box.cleanup();
});

/** Mounts a small tmpfs (root only): a real disk that fills up. Undefined, with the reason, when it cannot. */
async function smallDisk(dir: string): Promise<string | undefined> {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return undefined;
  mkdirSync(dir, { recursive: true });
  try {
    await exec('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', dir], { timeout: 10_000 });
    return dir;
  } catch {
    return undefined;
  }
}

/** Writes until the file system says ENOSPC: the disk is full, to the last block. */
function fill(path: string): void {
  const fd = openSync(path, 'w');
  try {
    for (const size of [1 << 16, 4096, 1]) {
      const chunk = Buffer.alloc(size, 7);
      for (;;) {
        try {
          writeSync(fd, chunk);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw error;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
}

async function leftovers(clone: string): Promise<string[]> {
  const state = await readdir(join(clone, '.git', 'ois')).catch(() => []);
  const chat = await readdir(join(clone, 'chat')).catch(() => []);
  return [...state, ...chat].filter((name) => name.includes('.ois-tmp-') || name === 'chat.lock');
}

describe('a full or read-only disk: typed errors, a next step, no stall, nothing left behind', async () => {
  const disk = await smallDisk(join(process.env.TMPDIR ?? '/tmp', `ois-small-disk-${process.pid}`));
  if (!disk) console.warn('storage-failures: skipped (needs root on Linux to mount a small tmpfs; the injected cases in test/unit/failure.test.ts still run)');
  let clone = '';
  beforeAll(async () => {
    if (!disk) return;
    clone = (await joinTeam({ remote: box.remote, dir: join(disk, 'aria'), identity: { id: 'aria', name: 'ARIA' }, cwd: box.root }, testPorts(box.env))).top;
  });
  afterAll(async () => {
    if (disk) await exec('umount', ['-l', disk], { timeout: 10_000 }).catch(() => undefined);
    if (disk) await rm(disk, { recursive: true, force: true });
  });

  it.skipIf(!disk)('disk full: `ois say` exits 10 with what to do, the next commands do not wait on a lock, no temp files pile up', async () => {
    fill(join(disk ?? '', 'filler'));
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const said = await runOis(['say', `hello ${attempt}`], clone, box.env, BOUND_MS);
      expect(said.code).toBe(10);
      expect(said.stderr).toMatch(/disk is full/);
      expect(said.stderr).toMatch(/Free some space/);
      expect(said.stderr).not.toMatch(/bug in ois/);
      noStack(said.stderr);
    }
    const status = await runOis(['status'], clone, box.env, BOUND_MS);
    expect(status.code).not.toBeNull(); // it answered (a stall would have been killed at the bound)
    expect(await leftovers(clone)).toEqual([]);
    // Space freed: everything works again, nothing was lost.
    await rm(join(disk ?? '', 'filler'));
    const said = await runOis(['say', 'back again'], clone, box.env, BOUND_MS);
    expect(said.code, said.stderr).toBe(0);
    const files = await readdir(join(clone, 'chat'));
    const day = files.find((f) => /^\d{4}-\d{2}-\d{2}\.md$/.test(f)) ?? '';
    expect(entryKeys(await remoteText(box, `chat/${day}`)).length).toBe(1);
  }, 120_000);

  it.skipIf(!disk)('a read-only file system: exit 10 and the way out', async () => {
    await exec('mount', ['-o', 'remount,ro', disk ?? ''], { timeout: 10_000 });
    try {
      const said = await runOis(['say', 'hello'], clone, box.env, BOUND_MS);
      expect(said.code).toBe(10);
      expect(said.stderr).toMatch(/read-only/);
      expect(said.stderr).toMatch(/Remount/);
      expect(said.stderr).not.toMatch(/bug in ois/);
    } finally {
      await exec('mount', ['-o', 'remount,rw', disk ?? ''], { timeout: 10_000 });
    }
  }, 60_000);
});

describe('a damaged repository', () => {
  it('a corrupt object: exit 11, `git fsck` and how to re-clone keeping refs/ois/backup/*', async () => {
    const aria = await joinAs(box, 'corrupt-aria');
    // A commit of this clone only (a local clone shares the remote's objects by hard links: those stay intact).
    await git(aria, ['commit', '-q', '--allow-empty', '--no-verify', '-m', 'local'], box.env);
    const head = (await git(aria, ['rev-parse', 'HEAD'], box.env)).trim();
    const object = join(aria, '.git', 'objects', head.slice(0, 2), head.slice(2));
    // Emptied, as a disk that filled up in the middle of a write leaves it.
    await chmod(object, 0o644);
    await truncate(object, 0);
    const result = await runOis(['sync'], aria, box.env, BOUND_MS);
    expect(result.code).toBe(11);
    expect(result.stderr).toMatch(/damaged/);
    expect(result.stderr).toMatch(/git fsck/);
    expect(result.stderr).toMatch(/refs\/ois\/backup/);
    expect(result.stderr).not.toMatch(/bug in ois/);
    noStack(result.stderr);
    // Recorded for `ois status` and `ois doctor`; `ois status` itself says the same (it cannot count commits either).
    const state = JSON.parse(await readFile(join(aria, '.git', 'ois', 'status.json'), 'utf8')) as { lastError?: { code: string } };
    expect(state.lastError?.code).toBe('REPO_CORRUPT');
    const status = await runOis(['status'], aria, box.env, BOUND_MS);
    expect(status.code).toBe(11);
    expect(status.stderr).toMatch(/damaged: loose object [0-9a-f]{40} .*is corrupt/);
  }, 60_000);
});
