import { reopens } from './edit.js';
import { keyItems, pairEdits, type Item } from './merge-identity.js';
import { byKey, layout } from './merge-slots.js';
import { eolOf } from './lines.js';
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
  /**
   * Pushed entries, closed on the remote, that the change left without their closing `---`, as the
   * change left them: a `git revert` of an entry's completion (its second half gone), a truncated copy.
   */
  reopened: ChatEntry[];
}

/** Whether a change removed, moved or reopened any pushed entry. */
export function isDamaged(damage: PushedDamage): boolean {
  return damage.removed.length + damage.moved.length + damage.reopened.length > 0;
}

/**
 * The pushed entries (those of `remote`) that a change from `before` to `after` removed, moved or
 * reopened; entries nobody pushed yet may come and go. Empty lists: the change only appended or
 * edited entries in place (a person redacting a leaked secret may edit anyone's).
 *
 * @example pushedDamage(remote, remote, '# 2026-11-23 Chat Log\n').removed.length // every entry of remote
 */
export function pushedDamage(remote: string, before: string, after: string): PushedDamage {
  const pushed = keyItems(parseChatLog(remote).entries);
  const pushedByKey = byKey(pushed);
  const was = itemsLike(pushed, before).filter((item) => pushedByKey.has(item.key));
  const now = itemsLike(was, after);
  const position = new Map(now.map((item, index) => [item.key, index]));
  const removed = was.filter((item) => !position.has(item.key)).map((item) => item.entry);
  const moved: ChatEntry[] = [];
  const reopened: ChatEntry[] = [];
  let last = -1;
  for (const item of was) {
    const at = position.get(item.key);
    if (at === undefined) continue;
    const entry = (now[at] as Item).entry;
    if (item.entry.closed && reopens((pushedByKey.get(item.key) as Item).entry, entry)) reopened.push(entry);
    if (at < last) moved.push(item.entry);
    else last = at;
  }
  return { removed, moved, reopened };
}

/**
 * `text` with every pushed entry it reopened (see pushedDamage's `reopened`) put back as `remote` has
 * it, in place; the rest byte for byte; `text` itself when there is none. What the push gate's repair
 * does to a commit that reopened one.
 *
 * @example restoreReopened(remote, revertedCompletion) // the second half of the two-step entry back
 */
export function restoreReopened(remote: string, text: string): string {
  const pushed = byKey(keyItems(parseChatLog(remote).entries));
  const log = parseChatLog(text);
  const items = pairEdits([...pushed.values()], keyItems(log.entries));
  const eol = eolOf(text || remote);
  let changed = false;
  const raws = items.map((item, index) => {
    const original = pushed.get(item.key)?.entry;
    if (!original || !reopens(original, item.entry)) return item.entry.raw;
    changed = true;
    return layout(original.raw, index === items.length - 1, eol);
  });
  return changed ? log.preamble + raws.join('') + log.trailer : text;
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
