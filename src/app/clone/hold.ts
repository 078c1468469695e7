import { OisError } from '../../core/errors.js';
import type { CloneLock, Ports } from '../../ports/index.js';

/**
 * Who runs git for the clone while we work: us (we hold its lock), the running watcher, or another
 * `ois say` (which runs its cycle under `.git/ois/chat.lock`, so appending under that lock is safe).
 */
export type CloneHold = { kind: 'lock'; lock: CloneLock } | { kind: 'watcher' } | { kind: 'say' } | { kind: 'done' };

/** What holding a clone needs: its locks, and the clock and randomness its waiting uses. */
export type HoldPorts = Pick<Ports, 'locks' | 'clock' | 'random'>;

/** What a clone lock taken by `ois say` answers to `ping` (`ois sync` answers `busy`, `ois watch` `ois-watch pid=…`). */
export const SAY_HOLDER = 'ois-say';

export interface HoldOptions {
  /** Another `ois say` holding the clone is good enough (its cycle commits what we append). */
  acceptSay: boolean;
  /** How long to wait without progress (default 5 minutes); then LOCKED. */
  timeoutMs?: number;
  /** Nothing left to wait for (the entry is on the remote). */
  done?: () => Promise<boolean>;
  /** Changes when the holder gets somewhere; each change restarts the wait. */
  progress?: () => Promise<string | undefined>;
}

/**
 * Takes the clone's lock (the one `ois watch` and `ois sync` hold), waiting while a short-lived ois
 * command holds it, up to `timeoutMs` (then LOCKED); each change of `progress()` (the holder got
 * somewhere) restarts that wait. Returns `watcher` when `ois watch` holds it, and `say` when another
 * `ois say` holds it and `acceptSay` is set, and `done` as soon as `done()` says there is nothing
 * left to wait for. The wait polls with a jittered back-off from 10 ms up to 250 ms, through the
 * Clock port. A holder killed meanwhile frees the lock with its process: the next poll takes it.
 *
 * @example const hold = await holdClone(repo.gitDir, repo.ports, { acceptSay: true })
 */
export async function holdClone(gitDir: string, ports: HoldPorts, options: HoldOptions): Promise<CloneHold> {
  const { locks, clock, random } = ports;
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  let deadline = clock.now().getTime() + timeoutMs;
  let mark = await options.progress?.();
  for (let attempt = 0; ; attempt += 1) {
    const lock = await locks.takeClone(gitDir, (command) => (command === 'ping' ? SAY_HOLDER : 'busy'));
    if (lock) return { kind: 'lock', lock };
    const reply = await locks.askClone(gitDir, 'ping', 2_000);
    if (reply?.startsWith('ois-watch')) return { kind: 'watcher' };
    if (reply === SAY_HOLDER && options.acceptSay) return { kind: 'say' };
    if (options.done && (await options.done())) return { kind: 'done' };
    const now = await options.progress?.();
    if (now !== mark) {
      mark = now;
      deadline = clock.now().getTime() + timeoutMs;
    }
    if (clock.now().getTime() > deadline) {
      throw new OisError('LOCKED', 'another ois command kept this clone busy', {
        hint: 'See `ois status`; try again when it has finished.',
      });
    }
    await clock.sleep(Math.round(Math.min(250, 10 * 2 ** attempt) * (0.5 + random.fraction())));
  }
}
