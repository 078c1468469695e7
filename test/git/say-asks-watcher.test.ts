import { testPorts } from '../../harness/ports.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemPorts } from '../../src/wiring/ports.js';
import { say } from '../../src/app/chat/say.js';
import { systemCycleDeps } from '../../src/wiring/cycle-deps.js';
import { syncOnce } from '../../src/app/sync/once.js';
import { git, joinAs, teamSandbox, type Sandbox } from '../../harness/git-repos.js';

/**
 * What `ois say` and `ois sync` ask a running watcher for: `ois say` the push-first cycle (`push`,
 * the one a local change gets: no fetch unless the push is rejected), `ois sync` a full one (`sync`).
 * A watcher of an older ois answers `unknown` to `push`: `ois say` then asks `sync`, as it used to.
 * A stand-in holds the clone's lock and records what it is asked.
 */
let box: Sandbox;
beforeEach(async () => {
  box = await teamSandbox();
});
afterEach(async () => {
  await box.cleanup();
});

async function standInWatcher(dir: string, knowsPush: boolean) {
  const gitDir = (await git(dir, ['rev-parse', '--absolute-git-dir'], box.env)).trim();
  const asked: string[] = [];
  const lock = await systemPorts().locks.takeClone(gitDir, (command) => {
    if (command === 'ping') return 'ois-watch pid=1';
    asked.push(command);
    return command === 'sync' || (command === 'push' && knowsPush) ? 'synced' : 'unknown';
  });
  if (!lock) throw new Error('the clone is held already');
  return { asked, release: () => lock.release() };
}

const deps = () => ({ now: () => new Date(), randomBytes: (n: number) => new Uint8Array(n).fill(7), cycle: systemCycleDeps() });

describe('asking the watcher', () => {
  it('ois say asks for the push-first cycle', async () => {
    const aria = await joinAs(box, 'aria');
    const watcher = await standInWatcher(aria, true);
    try {
      const result = await say({ cwd: aria, ports: testPorts(box.env), message: 'hello @all', sync: true }, deps());
      expect(result).toMatchObject({ synced: true, via: 'watcher' });
      expect(watcher.asked).toEqual(['push']);
    } finally {
      await watcher.release();
    }
  });

  it('ois say falls back to a full cycle with a watcher that does not know `push`', async () => {
    const aria = await joinAs(box, 'aria');
    const watcher = await standInWatcher(aria, false);
    try {
      const result = await say({ cwd: aria, ports: testPorts(box.env), message: 'hello @all', sync: true }, deps());
      expect(result).toMatchObject({ synced: true, via: 'watcher' });
      expect(result.syncError).toBeUndefined();
      expect(watcher.asked).toEqual(['push', 'sync']);
    } finally {
      await watcher.release();
    }
  });

  it('ois sync asks for a full cycle', async () => {
    const aria = await joinAs(box, 'aria');
    const watcher = await standInWatcher(aria, true);
    try {
      expect(await syncOnce(aria, testPorts(box.env), systemCycleDeps())).toEqual({ via: 'watcher' });
      expect(watcher.asked).toEqual(['sync']);
    } finally {
      await watcher.release();
    }
  });
});
