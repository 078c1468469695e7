/**
 * Watches a few paths (files or folders, existing or not yet) and calls `onChange` with the paths of
 * each debounced batch of events. Events are hints: the caller re-reads what it needs.
 *
 * @example const handle = await watchPaths(['/repo/chat', '/repo/.git/refs'], 50, (paths) => …); await handle.close();
 */
export async function watchPaths(
  paths: readonly string[],
  debounceMs: number,
  onChange: (changed: string[]) => void,
  ignore: (path: string) => boolean = (path) => path.endsWith('.lock') || path.includes('.ois-tmp-'),
): Promise<{ close(): Promise<void> }> {
  // Loaded here, not at start-up: only the long-running commands need it.
  const { watch } = await import('chokidar');
  const watcher = watch([...paths], {
    ignoreInitial: true,
    persistent: true,
    // By default git's lock files and ois's temp files: they come and go around every write, whose rename is the event.
    ignored: ignore,
  });
  let timer: NodeJS.Timeout | undefined;
  let batch = new Set<string>();
  watcher.on('all', (_event: string, path: string) => {
    batch.add(path);
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      const changed = [...batch];
      batch = new Set();
      onChange(changed);
    }, debounceMs);
  });
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
