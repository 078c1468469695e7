import { sep } from 'node:path';
import { watchPaths } from './watch-paths.js';

export interface WatchHandle {
  close(): Promise<void>;
}

/**
 * Watches a work tree and calls `onChange` once per debounced batch of events. Events are only hints:
 * the sync asks git what changed. `.git` and ois's own temp files are ignored.
 */
export async function watchTree(top: string, debounceMs: number, onChange: () => void): Promise<WatchHandle> {
  const gitDir = `${top}${sep}.git`;
  return watchPaths([top], debounceMs, () => onChange(), (path) => path === gitDir || path.startsWith(`${gitDir}${sep}`) || path.includes('.ois-tmp-'));
}
