import { tmpdir } from 'node:os';
import { askCloneLock, cloneLockAddress } from './locks/clone-lock.js';

/**
 * Transitional (issue 17): the clone lock lives in src/adapters/locks/ behind the Locks port
 * (`ports.locks.askClone`). This one function stays for callers that still import it (on main: the
 * web edge in src/cli/commands/web.ts); remove it once they pass `ports.locks.askClone`.
 */
export function askWatcher(gitDir: string, command: string, timeoutMs = 2_000): Promise<string | undefined> {
  return askCloneLock(cloneLockAddress(gitDir, { platform: process.platform, tmp: tmpdir() }), command, timeoutMs);
}
