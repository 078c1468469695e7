import { eolOf } from './lines.js';
import { keyItems, pairEdits } from './merge-identity.js';
import { compareEntries, interleave } from './merge-order.js';
import { byKey, renderSlots, resolveSlot, type Slot } from './merge-slots.js';
import { mergeQuiet, mergeText } from './merge-text.js';
import { parseChatLog } from './parse.js';

export interface MergeResult {
  text: string;
  /** Conflict regions written into `text` (0: clean). */
  conflicts: number;
}

/**
 * Three-way merge of a chat day file by entry (the merge driver's core; pure).
 * - every entry of either side is kept exactly once; new entries are placed by time, existing ones
 *   keep their order; the preamble (title) is merged as one piece;
 * - an entry changed on one side takes the change; changed differently on both sides, it is written
 *   once with conflict markers around the two versions (the only kind of conflict besides a
 *   preamble changed differently on both sides);
 * - an entry deleted on one side only is kept (chat logs are append-only: a lost entry is far more
 *   likely an agent's rewrite gone wrong than a wish); deleted on both sides, it stays deleted.
 * Commutative when there is no conflict, and `merge(x, x, x) === x`, `merge(b, m, m) === m`.
 *
 * @example
 * const base = '# 2026-11-23 Chat Log\n\n';
 * mergeChatLogs(base, base + '## 14:32 - ARIA\n\nhi\n\n---\n', base + '## 14:31 - HKH\n\nyo\n\n---\n')
 * // { text: base + '## 14:31 - HKH\n\nyo\n\n---\n\n## 14:32 - ARIA\n\nhi\n\n---\n', conflicts: 0 }
 */
export function mergeChatLogs(base: string, ours: string, theirs: string): MergeResult {
  if (ours === theirs || theirs === base) return { text: ours, conflicts: 0 };
  if (ours === base) return { text: theirs, conflicts: 0 };
  const [b, o, t] = [parseChatLog(base), parseChatLog(ours), parseChatLog(theirs)];
  // Symmetric: the sides' line ending when they agree, else the base's.
  const eol = eolOf(ours) === eolOf(theirs) ? eolOf(ours) : eolOf(base);
  const baseItems = keyItems(b.entries);
  const oursItems = byKey(pairEdits(baseItems, keyItems(o.entries)));
  const theirsItems = byKey(pairEdits(baseItems, keyItems(t.entries)));
  const existing: Slot[] = [];
  const added: Slot[] = [];
  const seen = new Set<string>();
  for (const item of baseItems) {
    seen.add(item.key);
    const slot = resolveSlot(item, oursItems.get(item.key), theirsItems.get(item.key));
    if (slot) existing.push(slot);
  }
  for (const item of [...oursItems.values(), ...theirsItems.values()]) {
    if (seen.has(item.key)) continue;
    seen.add(item.key);
    const slot = resolveSlot(undefined, oursItems.get(item.key), theirsItems.get(item.key));
    if (slot) added.push(slot);
  }
  const slots = interleave(existing, added, (x, y) => compareEntries(x.entry, y.entry));
  const preamble = mergeText(b.preamble, o.preamble, t.preamble, eol);
  const body = renderSlots(preamble.text, slots, eol);
  return { text: body.text + mergeQuiet(b.trailer, o.trailer, t.trailer), conflicts: body.conflicts + (preamble.conflict ? 1 : 0) };
}
