import { eolOf } from './lines.js';
import type { MergeResult } from './merge.js';
import { keyItems, pairEdits } from './merge-identity.js';
import { byKey, renderSlots, resolveSlot, type Slot } from './merge-slots.js';
import { mergeQuiet, mergeText } from './merge-text.js';
import { parseChatLog } from './parse.js';

export interface MergeOntoOptions {
  /**
   * `markers` (default): an entry changed differently on both sides is written between conflict markers
   * and counted; `remote`: the remote's version is kept and the local one reported in `overridden`
   * (for the working file, which must never hold markers).
   */
  onConflict?: 'markers' | 'remote';
  /** Which side conflict markers call `ours` (written first): the remote (default, as in a rebase) or the local side (a `git merge`). */
  oursIs?: 'remote' | 'local';
}

export interface MergeOntoResult extends MergeResult {
  /** With `onConflict: 'remote'`: the local versions that lost to the remote's (raw texts). */
  overridden: string[];
}

/**
 * Merges a local version of a day file onto the remote's, keeping the remote's file as it is a prefix
 * of the result (the append-only rule of DESIGN.md 3.2; pure):
 * - the remote's entries come first, in the remote's order, each once; an entry the local side changed
 *   (and the remote did not) takes the change, in place: it is the same entry, it does not move;
 * - then the local entries the remote lacks, in the local order (the order they were written): new
 *   ones, and entries the remote deleted but the local side still has (restored: a pushed entry is
 *   never removed);
 * - an entry changed differently on both sides is a conflict (see `onConflict`); the preamble is
 *   merged as one piece, as in mergeChatLogs.
 * Not commutative, by design: which side is the remote decides the order. `base` is what the local
 * side started from (the commit's parent in a replay), so an entry the local side removed is kept.
 *
 * @example
 * const t = '# 2026-11-23 Chat Log\n\n';
 * const r = t + '## 14:33 - HKH\n\nyo\n\n---\n';
 * mergeOntoRemote(t, r, t + '## 14:32 - ARIA\n\nhi\n\n---\n').text
 * // t + '## 14:33 - HKH\n\nyo\n\n---\n\n## 14:32 - ARIA\n\nhi\n\n---\n' (the remote's entry stays first)
 */
export function mergeOntoRemote(base: string, remote: string, local: string, options: MergeOntoOptions = {}): MergeOntoResult {
  if (local === remote || local === base) return { text: remote, conflicts: 0, overridden: [] };
  const [b, r, l] = [parseChatLog(base), parseChatLog(remote), parseChatLog(local)];
  const eol = eolOf(remote || local);
  const baseItems = keyItems(b.entries);
  const baseByKey = byKey(baseItems);
  const remoteItems = pairEdits(baseItems, keyItems(r.entries));
  const localItems = pairEdits(baseItems, keyItems(l.entries));
  const localByKey = byKey(localItems);
  const remoteKeys = new Set(remoteItems.map((item) => item.key));
  const overridden: string[] = [];
  const slots: Slot[] = [];
  let same = true; // the result is the remote's file as it is
  for (const item of remoteItems) {
    const slot = resolveSlot(baseByKey.get(item.key), item, localByKey.get(item.key)) as Slot;
    if (!('raw' in slot) || slot.raw !== item.entry.raw) same = false;
    if ('raw' in slot) slots.push(slot);
    else if (options.onConflict !== 'remote') slots.push(options.oursIs === 'local' ? { entry: slot.entry, ours: slot.theirs, theirs: slot.ours } : slot);
    else {
      overridden.push(slot.theirs);
      slots.push({ entry: item.entry, raw: item.entry.raw });
    }
  }
  for (const item of localItems) {
    if (remoteKeys.has(item.key)) continue;
    same = false;
    slots.push({ entry: item.entry, raw: item.entry.raw });
  }
  // The local side may edit the text before the first entry, never remove it (a whole-file rewrite).
  const localPreamble = l.preamble.trim() === '' && r.preamble.trim() !== '' ? b.preamble : l.preamble;
  const preamble =
    options.onConflict === 'remote' && r.preamble !== b.preamble ? { text: r.preamble, conflict: false } : mergeText(b.preamble, r.preamble, localPreamble, eol);
  if (same && preamble.text === r.preamble) return { text: remote, conflicts: 0, overridden };
  const body = renderSlots(preamble.text, slots, eol);
  return { text: body.text + mergeQuiet(b.trailer, r.trailer, l.trailer), conflicts: body.conflicts + (preamble.conflict ? 1 : 0), overridden };
}
