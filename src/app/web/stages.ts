import { readBlobs } from '../../core/git/objects.js';
import { listFiles } from '../../core/git/tree.js';
import type { Git } from '../../ports/index.js';
import { indexDay } from './chat-index.js';

/** Where an entry stands in git: only in the file, in a local commit, or on the remote. */
export type Stage = 'written' | 'committed' | 'pushed';

const CACHE_LIMIT = 64;

/**
 * Tells, for the entries of a day, whether they are committed (in HEAD's version of the day file)
 * and pushed (in the remote-tracking branch's version). Day-file blobs are read once each (by blob id,
 * so a commit that did not touch a day costs nothing) and kept in a small cache.
 */
export class StageIndex {
  private trees = new Map<string, Map<string, string>>();
  private blobs = new Map<string, Set<string>>();

  constructor(private readonly git: Git) {}

  /** The stage of each key of `day`, for the commits `head` and `tracking` (undefined: no such commit). */
  async stagesOf(day: string, keys: readonly string[], head: string | undefined, tracking: string | undefined): Promise<Map<string, Stage>> {
    const path = `chat/${day}.md`;
    const [atHead, atRemote] = await Promise.all([this.keysAt(head, path, day), this.keysAt(tracking, path, day)]);
    return new Map(keys.map((key) => [key, atRemote.has(key) ? 'pushed' : atHead.has(key) ? 'committed' : 'written']));
  }

  private async keysAt(commit: string | undefined, path: string, day: string): Promise<Set<string>> {
    if (commit === undefined) return new Set();
    const blob = (await this.tree(commit)).get(path);
    if (blob === undefined) return new Set();
    const cached = this.blobs.get(blob);
    if (cached) return cached;
    const [text] = await this.git.exec(readBlobs([blob]));
    const keys = new Set(indexDay(day, path, text ?? '').map((e) => e.key));
    remember(this.blobs, blob, keys);
    return keys;
  }

  /** The blob of every file under `chat/` at `commit` (one `git ls-tree`, cached by commit). */
  private async tree(commit: string): Promise<Map<string, string>> {
    const cached = this.trees.get(commit);
    if (cached) return cached;
    const files = await this.git.exec(listFiles(commit, 'chat/')).catch(() => new Map<string, string>());
    remember(this.trees, commit, files);
    return files;
  }
}

function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  cache.set(key, value);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
}
