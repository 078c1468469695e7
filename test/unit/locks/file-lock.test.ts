import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { exists } from '../../../src/adapters/files.js';
import { systemPorts } from '../../../src/wiring/ports.js';

const { locks } = systemPorts();
const withFileLock = locks.withFile.bind(locks);

const temps: string[] = [];
afterEach(async () => {
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function lockPath(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ois-lock-'));
  temps.push(dir);
  return join(dir, 'ois', 'chat.lock');
}

describe('withFileLock', () => {
  it('runs critical sections one at a time and removes the lock after', async () => {
    const path = await lockPath();
    let inside = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        withFileLock(path, async () => {
          inside += 1;
          most = Math.max(most, inside);
          await delay(2);
          order.push(i);
          inside -= 1;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(order.sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(await exists(path)).toBe(false);
  });

  it('releases the lock when the section throws', async () => {
    const path = await lockPath();
    await expect(withFileLock(path, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await withFileLock(path, async () => 'next')).toBe('next');
  });

  it('takes over a lock left by a process that is gone, or one that is too old', async () => {
    const path = await lockPath();
    await withFileLock(path, async () => undefined); // creates the folder
    await writeFile(path, `999999999 ${hostname()} 2026-01-01T00:00:00.000Z\n`);
    expect(await withFileLock(path, async () => 'dead holder', { timeoutMs: 2_000 })).toBe('dead holder');
    await writeFile(path, `${process.pid} elsewhere.example 2026-01-01T00:00:00.000Z\n`);
    const old = new Date(Date.now() - 120_000);
    await utimes(path, old, old);
    expect(await withFileLock(path, async () => 'old lock', { timeoutMs: 2_000 })).toBe('old lock');
  });

  it('gives up with LOCKED while a live holder keeps it', async () => {
    const path = await lockPath();
    await withFileLock(path, async () => undefined);
    await writeFile(path, `${process.pid} ${hostname()} ${new Date().toISOString()}\n`);
    await expect(withFileLock(path, async () => 'never', { timeoutMs: 200 })).rejects.toMatchObject({ code: 'LOCKED' });
    await rm(path);
  });

  it('an empty lock file (created, never filled: a crash or a full disk) does not stall the next holder', async () => {
    const path = await lockPath();
    await withFileLock(path, async () => undefined);
    await writeFile(path, '');
    const old = new Date(Date.now() - 5_000);
    await utimes(path, old, old);
    // Well inside the 60 s an unknown holder would get.
    expect(await withFileLock(path, async () => 'taken over', { timeoutMs: 1_000 })).toBe('taken over');
    // A fresh empty file is a holder between its create and its write: respected.
    await writeFile(path, '');
    await expect(withFileLock(path, async () => 'never', { timeoutMs: 200 })).rejects.toMatchObject({ code: 'LOCKED' });
    await rm(path);
  });
});
