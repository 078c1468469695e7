import { join, sep } from 'node:path';
import type { Repo } from '../clone/repo.js';
import { SerialQueue } from '../sync/queue.js';
import type { WebEdge } from './edge.js';
import type { Room } from './room.js';

/** Safety net: file events can be lost (inotify overflow, network file systems), so the room re-reads now and then. */
const SAFETY_MS = 5_000;
const DEBOUNCE_MS = 40;

/**
 * Keeps a room live: watches the day files, AGENTS.md, `shared/` and the refs git moves on commit,
 * fetch, push and wake notes, and refreshes the room (one refresh at a time, coalesced) within tens
 * of milliseconds of a change, and every few seconds all the same (`repo.ports.clock`). Returns a
 * function that stops it.
 */
export async function keepLive(repo: Repo, room: Room, watchPaths: WebEdge['watchPaths']): Promise<() => Promise<void>> {
  let shared = false;
  const queue = new SerialQueue<'refresh'>(
    async () => {
      const files = shared;
      shared = false;
      await room.refresh({ shared: files });
    },
    (a) => a,
  );
  const watched = [
    join(repo.top, 'chat'),
    join(repo.top, 'AGENTS.md'),
    join(repo.top, 'shared'),
    join(repo.gitDir, 'HEAD'),
    join(repo.gitDir, 'packed-refs'),
    join(repo.gitDir, 'refs', 'heads'),
    join(repo.gitDir, 'refs', 'remotes'),
    join(repo.gitDir, 'refs', 'notes'),
  ];
  const sharedDir = `${join(repo.top, 'shared')}${sep}`;
  const watcher = await watchPaths(watched, DEBOUNCE_MS, (paths) => {
    if (paths.some((p) => p.startsWith(sharedDir) || p === sharedDir.slice(0, -1))) shared = true;
    void queue.request('refresh');
  });
  const { clock } = repo.ports;
  let stopped = false;
  let cancel = (): void => undefined;
  const tick = (): void => {
    if (stopped) return;
    void queue.request('refresh');
    cancel = clock.after(SAFETY_MS, tick);
  };
  cancel = clock.after(SAFETY_MS, tick);
  return async () => {
    stopped = true;
    cancel();
    await watcher.close();
    await queue.close();
  };
}
