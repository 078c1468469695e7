import type { Clock } from '../../ports/clock.js';
import type { Locks } from '../../ports/locks.js';
import type { Random } from '../../ports/random.js';
import { askCloneLock, cloneLockAddress, takeCloneLock } from './clone-lock.js';
import { withFileLock } from './file-lock.js';

export interface LocksSystem {
  clock: Clock;
  random: Random;
  platform: NodeJS.Platform;
  tmp: string;
  pid: number;
}

/**
 * The locks of ois behind the Locks port (ports/locks.ts): the clone lock (clone-lock.ts, a local
 * socket) and file locks (file-lock.ts, `wx` files), waiting and timing through the given clock and
 * randomness. docs/locking.md is the protocol.
 */
export function createLocks(system: LocksSystem): Locks {
  const where = { platform: system.platform, tmp: system.tmp };
  return {
    takeClone: (gitDir, answer) => takeCloneLock(gitDir, answer, where),
    askClone: (gitDir, command, timeoutMs) => askCloneLock(cloneLockAddress(gitDir, where), command, timeoutMs),
    withFile: (path, fn, options = {}) => withFileLock(path, fn, options, { clock: system.clock, random: system.random, pid: system.pid }),
  };
}

export { cloneLockAddress } from './clone-lock.js';
