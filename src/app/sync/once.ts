import type { Ports } from '../../ports/index.js';
import { OisError, toErrorCode } from '../../core/errors.js';
import { openRepo, requireIdentity, requireRemote, requireTeam, type Repo } from '../clone/repo.js';
import { readState } from '../clone/state.js';
import type { CycleDeps, CycleOutcome } from './cycle.js';
import { ensureMergeDriver } from '../setup/clone-config.js';

export type SyncOnceResult = { via: 'watcher' } | { via: 'here'; outcome: CycleOutcome };

export interface SyncOnceOptions {
  /** The clone, when the caller has opened it already (`ois say`): spares opening it again. */
  repo?: Repo;
  /**
   * Push before fetching (`ois say`, after appending an entry): the watcher runs the cycle it runs
   * after a local change, which fetches only when the push is rejected. Default false: a full cycle.
   */
  pushFirst?: boolean;
}

/**
 * `ois sync`: one cycle. When `ois watch` runs for this clone, the watcher does the cycle (git steps stay
 * one at a time) and this reports its result; otherwise the cycle runs here, holding the clone's lock.
 */
export async function syncOnce(cwd: string, ports: Ports, deps: CycleDeps, options: SyncOnceOptions = {}): Promise<SyncOnceResult> {
  const repo = options.repo ?? (await openRepo(cwd, ports));
  const identity = requireIdentity(repo);
  await requireRemote(repo);
  await requireTeam(repo);
  const lock = await repo.ports.locks.takeClone(repo.gitDir, () => 'busy');
  if (!lock) {
    // A watcher of an older ois knows only `sync`.
    let reply = options.pushFirst ? await repo.ports.locks.askClone(repo.gitDir, 'push', 5 * 60_000) : undefined;
    if (reply === undefined || reply === 'unknown') reply = await repo.ports.locks.askClone(repo.gitDir, 'sync', 5 * 60_000);
    if (reply !== 'synced') {
      throw new OisError('LOCKED', 'another ois process holds this clone and did not answer', {
        hint: 'See `ois status`; if a watcher is stuck, stop it and run `ois sync` again.',
      });
    }
    const state = await readState(repo);
    if (state.lastError && state.lastError.at >= (state.lastSuccessAt ?? '')) {
      throw new OisError(toErrorCode(state.lastError.code), `the watcher's sync failed: ${state.lastError.message}`, state.lastError.hint ? { hint: state.lastError.hint } : {});
    }
    return { via: 'watcher' };
  }
  try {
    await ensureMergeDriver(repo.git, repo.ports.system, repo.settings.mergeDriver);
    // Loaded here: asking a running watcher needs none of the sync code.
    const { runCycle } = await import('./cycle.js');
    return { via: 'here', outcome: await runCycle(repo, identity, deps, { pushFirst: options.pushFirst ?? false }) };
  } finally {
    await lock.release();
  }
}
