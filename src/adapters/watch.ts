import { sep } from 'node:path';

export interface WatchHandle {
  close(): Promise<void>;
}

/**
 * Watches a work tree and calls `onChange` once per debounced batch of events. Events are only hints:
 * the sync asks git what changed. `.git` and ois's own temp files are ignored.
 */
export async function watchTree(top: string, debounceMs: number, onChange: () => void): Promise<WatchHandle> {
  const gitDir = `${top}${sep}.git`;
  // Loaded here, not at start-up: only `ois watch` needs it.
  const { watch } = await import('chokidar');
  const watcher = watch(top, {
    ignoreInitial: true,
    persistent: true,
    ignored: (path: string) => path === gitDir || path.startsWith(`${gitDir}${sep}`) || path.includes('.ois-tmp-'),
  });
  let timer: NodeJS.Timeout | undefined;
  const fire = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      onChange();
    }, debounceMs);
  };
  watcher.on('all', fire);
  await new Promise<void>((resolve, reject) => {
    watcher.once('ready', () => resolve());
    watcher.once('error', (error) => reject(error as Error));
  });
  return {
    async close() {
      if (timer) clearTimeout(timer);
      await watcher.close();
    },
  };
}
