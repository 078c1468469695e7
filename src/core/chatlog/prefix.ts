import { keyItems, pairEdits, type Item } from './merge-identity.js';
import { parseChatLog } from './parse.js';
import type { ChatEntry } from './types.js';

/** The entries of `text`, keyed like those of `reference` (an edited hand-written entry keeps the key of the version it replaces). */
export function itemsLike(reference: readonly Item[], text: string): Item[] {
  return pairEdits(reference, keyItems(parseChatLog(text).entries));
}

/**
 * Whether `text` starts with the entries of `remote`, in the remote's order (compared as entries, not
 * bytes: an entry edited in place is the same entry). The append-only rule for what is pushed.
 *
 * @example startsWithEntries(remote, remote + '\n## 14:40 - ARIA\n\nnew\n\n---\n') // true
 */
export function startsWithEntries(remote: string, text: string): boolean {
  const pushed = keyItems(parseChatLog(remote).entries);
  const items = itemsLike(pushed, text);
  return pushed.every((item, index) => items[index]?.key === item.key);
}

/** What one change of a day file did to the entries already pushed. */
export interface PushedDamage {
  /** Pushed entries the change removed. */
  removed: ChatEntry[];
  /** Pushed entries the change kept but moved out of their order. */
  moved: ChatEntry[];
}

/**
 * The pushed entries (those of `remote`) that a change from `before` to `after` removed or moved;
 * entries nobody pushed yet may come and go. Empty lists: the change only appended or edited.
 *
 * @example pushedDamage(remote, remote, '# 2026-11-23 Chat Log\n').removed.length // every entry of remote
 */
export function pushedDamage(remote: string, before: string, after: string): PushedDamage {
  const pushed = keyItems(parseChatLog(remote).entries);
  const pushedKeys = new Set(pushed.map((item) => item.key));
  const was = itemsLike(pushed, before).filter((item) => pushedKeys.has(item.key));
  const now = itemsLike(was, after);
  const position = new Map(now.map((item, index) => [item.key, index]));
  const removed = was.filter((item) => !position.has(item.key)).map((item) => item.entry);
  const moved: ChatEntry[] = [];
  let last = -1;
  for (const item of was) {
    const at = position.get(item.key);
    if (at === undefined) continue;
    if (at < last) moved.push(item.entry);
    else last = at;
  }
  return { removed, moved };
}

/**
 * Which side of a hand merge (the `ois merge-driver` git runs) is the remote: the one whose file starts
 * with more of the remote-tracking branch's entries, in order (`git merge origin/main`: theirs;
 * `git pull --rebase`: ours, the upstream being replayed onto). A tie goes to theirs, as in `git pull`.
 * Undefined without a remote-tracking version: the merge is then the symmetric, time-ordered one.
 *
 * @example remoteSide(remoteText, localText, remoteText) // 'theirs'
 */
export function remoteSide(remote: string | undefined, ours: string, theirs: string): 'ours' | 'theirs' | undefined {
  if (remote === undefined) return undefined;
  const pushed = keyItems(parseChatLog(remote).entries);
  const lead = (text: string): number => {
    const items = itemsLike(pushed, text);
    let n = 0;
    while (n < pushed.length && items[n]?.key === pushed[n]?.key) n += 1;
    return n;
  };
  return lead(ours) > lead(theirs) ? 'ours' : 'theirs';
}
