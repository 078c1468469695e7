import type { Logger } from '../../adapters/log.js';
import { OisError } from '../../core/errors.js';
import type { Identity } from '../../core/identity.js';
import type { Repo } from '../clone/repo.js';
import type { CycleDeps } from '../sync/cycle.js';
import { runWatcher } from '../sync/watcher.js';
import type { WebEdge } from './edge.js';

/** How often the room checks whether the clone still has a watcher. */
const CHECK_MS = 5_000;

/**
 * While the room is open, the clone keeps exactly one watcher: when `ois watch` (or a service) runs
 * for it, that watcher syncs and the room asks it for cycles; when none runs, this process becomes
 * the clone's watcher (the same lock, so a later `ois watch` says one is running), and when another
 * holds the lock it checks again every few seconds (`repo.ports.clock`). `state` is told who syncs.
 * Resolves on abort.
 */
export async function superviseWatcher(
  repo: Repo,
  identity: Identity,
  deps: { log: Logger; cycle: CycleDeps },
  signal: AbortSignal,
  state: (words: string) => void,
): Promise<void> {
  const { log, cycle } = deps;
  let lastProblem = '';
  while (!signal.aborted) {
    const reply = await repo.ports.locks.askClone(repo.gitDir, 'ping', 2_000);
    if (reply === undefined) {
      state('this ois web process syncs the clone (no other watcher runs)');
      try {
        await runWatcher(repo, identity, repo.ports.system.env, log, cycle, signal);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (!(error instanceof OisError && error.code === 'LOCKED') && message !== lastProblem) {
          log.log({ level: 'error', event: 'sync-failed', message: `the watcher stopped: ${message}` });
        }
        lastProblem = message;
      }
    } else {
      const pid = /pid=(\d+)/.exec(reply)?.[1];
      state(reply.startsWith('ois-watch') ? `the clone's watcher${pid ? ` (pid ${pid})` : ''} syncs` : 'another ois command is syncing the clone');
    }
    await repo.ports.clock.sleep(CHECK_MS, signal);
  }
}
