/**
 * A process-wide memory of answers that never change (a git answer about object ids, a queued tip
 * refused for good), bounded: once it holds `limit` entries it forgets them all and starts over, so a
 * long-running watcher never grows without end and a forgotten answer only costs asking again.
 *
 * @example const seen = boundedMemo<string, true>(1_000); seen.set(sha, true); seen.get(sha) // true
 */
export interface BoundedMemo<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): void;
}

export function boundedMemo<K, V>(limit: number): BoundedMemo<K, V> {
  const kept = new Map<K, V>();
  return {
    get: (key) => kept.get(key),
    set(key, value) {
      if (kept.size >= limit) kept.clear();
      kept.set(key, value);
    },
  };
}
