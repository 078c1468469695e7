import { acquireLock, askWatcher, type Lock } from '../adapters/lock.js';
import { OisError } from '../core/errors.js';

/** Who runs git for the clone while we work: us (we hold its lock), or the running watcher. */
export type CloneHold = { kind: 'lock'; lock: Lock } | { kind: 'watcher' };

export interface HoldDeps {
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

/**
 * Takes the clone's lock (the one `ois watch` and `ois sync` hold), waiting while another short-lived
 * ois command (`ois sync`, `ois say`) holds it, up to `timeoutMs` (then LOCKED). When a watcher holds
 * it, returns `watcher`: the watcher runs the git steps and we only ask it.
 */
export async function holdClone(gitDir: string, deps: HoldDeps, timeoutMs = 120_000): Promise<CloneHold> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt += 1) {
    const lock = await acquireLock(gitDir, () => 'busy');
    if (lock) return { kind: 'lock', lock };
    const reply = await askWatcher(gitDir, 'ping', 2_000);
    if (reply?.startsWith('ois-watch')) return { kind: 'watcher' };
    if (Date.now() > deadline) {
      throw new OisError('LOCKED', 'another ois command kept this clone busy', {
        hint: 'See `ois status`; try again when it has finished.',
      });
    }
    await deps.sleep(Math.round(Math.min(1_000, 20 * 2 ** attempt) * (0.5 + deps.random())));
  }
}
