import { tmpdir } from 'node:os';
import type { CloneLock, CloneLockAnswer } from '../ports/locks.js';
import { askCloneLock, cloneLockAddress, takeCloneLock } from './locks/clone-lock.js';

/**
 * Transitional (issue 17): the clone lock lives in src/adapters/locks/ behind the Locks port
 * (`ports.locks.takeClone`, `ports.locks.askClone`; docs/locking.md). These two functions keep the
 * older names, delegating to it, for code written against them while the callers move (on main: the
 * web edge in src/cli/commands/web.ts). Remove the file once nothing imports it.
 */
export type Lock = CloneLock;

/** @deprecated `ports.locks.takeClone(gitDir, answer)`. */
export function acquireLock(gitDir: string, answer: CloneLockAnswer): Promise<CloneLock | undefined> {
  return takeCloneLock(gitDir, answer, { platform: process.platform, tmp: tmpdir() });
}

/** @deprecated `ports.locks.askClone(gitDir, command, timeoutMs)`. */
export function askWatcher(gitDir: string, command: string, timeoutMs = 2_000): Promise<string | undefined> {
  return askCloneLock(cloneLockAddress(gitDir, { platform: process.platform, tmp: tmpdir() }), command, timeoutMs);
}
