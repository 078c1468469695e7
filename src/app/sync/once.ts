import { acquireLock, askWatcher } from '../../adapters/lock.js';
import { OisError, toErrorCode } from '../../core/errors.js';
import { openRepo, requireIdentity, requireRemote, requireTeam } from '../clone/repo.js';
import { readState } from '../clone/state.js';
import type { CycleDeps, CycleOutcome } from './cycle.js';
import { ensureMergeDriver } from '../setup/clone-config.js';

export type SyncOnceResult = { via: 'watcher' } | { via: 'here'; outcome: CycleOutcome };

/**
 * `ois sync`: one cycle. When `ois watch` runs for this clone, the watcher does the cycle (git steps stay
 * one at a time) and this reports its result; otherwise the cycle runs here, holding the clone's lock.
 */
export async function syncOnce(cwd: string, env: Readonly<Record<string, string | undefined>>, deps: CycleDeps): Promise<SyncOnceResult> {
  const repo = await openRepo(cwd, env);
  const identity = requireIdentity(repo);
  await requireRemote(repo);
  await requireTeam(repo);
  const lock = await acquireLock(repo.gitDir, () => 'busy');
  if (!lock) {
    const reply = await askWatcher(repo.gitDir, 'sync', 5 * 60_000);
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
    await ensureMergeDriver(repo.git, repo.settings.mergeDriver);
    // Loaded here: asking a running watcher needs none of the sync code.
    const { runCycle } = await import('./cycle.js');
    return { via: 'here', outcome: await runCycle(repo, identity, deps) };
  } finally {
    await lock.release();
  }
}
