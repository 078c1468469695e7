import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OisError } from '../../src/core/errors.js';
import { cycleIn, git, joinAs, startGitDaemon, teamSandbox, type GitDaemon, type Sandbox } from '../../harness/git-repos.js';

let box: Sandbox;
let daemon: GitDaemon;
beforeEach(async () => {
  box = await teamSandbox();
  daemon = await startGitDaemon(box.root, box.env);
});
afterEach(async () => {
  await daemon.stop();
  await box.cleanup();
});

const cycle = (dir: string) => cycleIn(box, dir);

describe('sync over the git protocol (git daemon on 127.0.0.1)', () => {
  it('two clones over git:// converge', async () => {
    const url = daemon.url('origin.git');
    const aria = await joinAs(box, 'aria', url);
    const hkh = await joinAs(box, 'hkh', url);
    await writeFile(join(aria, 'shared', 'a.txt'), 'a\n');
    await writeFile(join(hkh, 'shared', 'h.txt'), 'h\n');
    await cycle(aria);
    await cycle(hkh);
    await cycle(aria);
    for (const dir of [aria, hkh]) {
      expect((await git(dir, ['ls-files', 'shared'], box.env)).trim().split('\n').sort()).toEqual(['shared/.gitkeep', 'shared/a.txt', 'shared/h.txt']);
    }
  });

  it('commits made while the daemon is stopped arrive once it is back, exactly once', async () => {
    const url = daemon.url('origin.git');
    const aria = await joinAs(box, 'aria', url);
    const hkh = await joinAs(box, 'hkh', url);
    await daemon.stop();
    const failures: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      await writeFile(join(aria, 'shared', `offline-${i}.txt`), `${i}\n`);
      try {
        await cycle(aria);
      } catch (error) {
        failures.push((error as OisError).code);
      }
    }
    expect(failures).toEqual(['REMOTE_UNREACHABLE', 'REMOTE_UNREACHABLE', 'REMOTE_UNREACHABLE']);
    await daemon.start();
    const outcome = await cycle(aria);
    expect(outcome.exchange.pushed).toBeDefined();
    await cycle(hkh);
    const log = (await git(hkh, ['log', '--format=%s', 'main'], box.env)).trim().split('\n');
    for (let i = 0; i < 3; i += 1) expect(log.filter((s) => s === `shared(aria): add offline-${i}.txt`)).toHaveLength(1);
  });
});
