import { acquireLock, askWatcher, type Lock } from '../../adapters/lock.js';
import { OisError } from '../../core/errors.js';

/**
 * Who runs git for the clone while we work: us (we hold its lock), the running watcher, or another
 * `ois say` (which runs its cycle under `.git/ois/chat.lock`, so appending under that lock is safe).
 */
export type CloneHold = { kind: 'lock'; lock: Lock } | { kind: 'watcher' } | { kind: 'say' } | { kind: 'done' };

export interface HoldDeps {
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

/** What a clone lock taken by `ois say` answers to `ping` (`ois sync` answers `busy`, `ois watch` `ois-watch pid=…`). */
export const SAY_HOLDER = 'ois-say';

/**
 * Takes the clone's lock (the one `ois watch` and `ois sync` hold), waiting while a short-lived ois
 * command holds it, up to `timeoutMs` (then LOCKED); each change of `progress()` (the holder got
 * somewhere) restarts that wait. Returns `watcher` when `ois watch` holds it, and `say` when another
 * `ois say` holds it and `acceptSay` is set, and `done` as soon as `done()` says there is nothing
 * left to wait for.
 */
export async function holdClone(
  gitDir: string,
  deps: HoldDeps,
  options: { acceptSay: boolean; timeoutMs?: number; done?: () => Promise<boolean>; progress?: () => Promise<string | undefined> },
): Promise<CloneHold> {
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  let deadline = Date.now() + timeoutMs;
  let mark = await options.progress?.();
  for (let attempt = 0; ; attempt += 1) {
    const lock = await acquireLock(gitDir, (command) => (command === 'ping' ? SAY_HOLDER : 'busy'));
    if (lock) return { kind: 'lock', lock };
    const reply = await askWatcher(gitDir, 'ping', 2_000);
    if (reply?.startsWith('ois-watch')) return { kind: 'watcher' };
    if (reply === SAY_HOLDER && options.acceptSay) return { kind: 'say' };
    if (options.done && (await options.done())) return { kind: 'done' };
    const now = await options.progress?.();
    if (now !== mark) {
      mark = now;
      deadline = Date.now() + timeoutMs;
    }
    if (Date.now() > deadline) {
      throw new OisError('LOCKED', 'another ois command kept this clone busy', {
        hint: 'See `ois status`; try again when it has finished.',
      });
    }
    await deps.sleep(Math.round(Math.min(250, 10 * 2 ** attempt) * (0.5 + deps.random())));
  }
}
