import { eolOf } from './lines.js';
import { keyItems, pairEdits, type Item } from './merge-identity.js';
import { compareEntries, interleave } from './merge-order.js';
import { conflictRegion, mergeQuiet, mergeText, pickOne, splitBlankTail } from './merge-text.js';
import { parseChatLog } from './parse.js';
import type { ChatEntry } from './types.js';

export interface MergeResult {
  text: string;
  /** Conflict regions written into `text` (0: clean). */
  conflicts: number;
}

/** One entry of the result: a version to write, or two versions in conflict. */
type Slot = { entry: ChatEntry; raw: string } | { entry: ChatEntry; ours: string; theirs: string };

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
  let conflicts = 0;
  const seen = new Set<string>();
  for (const item of baseItems) {
    seen.add(item.key);
    const slot = resolve(item, oursItems.get(item.key), theirsItems.get(item.key));
    if (slot) existing.push(slot);
  }
  for (const item of [...oursItems.values(), ...theirsItems.values()]) {
    if (seen.has(item.key)) continue;
    seen.add(item.key);
    const slot = resolve(undefined, oursItems.get(item.key), theirsItems.get(item.key));
    if (slot) added.push(slot);
  }
  const slots = interleave(existing, added, (x, y) => compareEntries(x.entry, y.entry));
  const preamble = mergeText(b.preamble, o.preamble, t.preamble, eol);
  let text = preamble.text;
  if (preamble.conflict) conflicts += 1;
  slots.forEach((slot, index) => {
    const last = index === slots.length - 1;
    if ('raw' in slot) {
      text += layout(slot.raw, last, eol);
    } else {
      conflicts += 1;
      const [a, z] = [splitBlankTail(slot.ours).content, splitBlankTail(slot.theirs).content];
      text += conflictRegion(a, z, eolOf(a)) + (last ? '' : eolOf(a));
    }
  });
  return { text: text + mergeQuiet(b.trailer, o.trailer, t.trailer), conflicts };
}

function byKey(items: readonly Item[]): Map<string, Item> {
  return new Map(items.map((item) => [item.key, item]));
}

/** The version of one entry to keep (undefined: deleted on both sides). */
function resolve(base: Item | undefined, ours: Item | undefined, theirs: Item | undefined): Slot | undefined {
  if (!ours && !theirs) return undefined;
  if (!ours || !theirs) {
    const only = (ours ?? theirs) as Item;
    return { entry: only.entry, raw: only.entry.raw };
  }
  const oursChanged = base === undefined || ours.core !== base.core;
  const theirsChanged = base === undefined || theirs.core !== base.core;
  if (base && !oursChanged && !theirsChanged) return { entry: base.entry, raw: base.entry.raw };
  if (ours.core === theirs.core) {
    const raw = pickOne(ours.entry.raw, theirs.entry.raw);
    return { entry: raw === ours.entry.raw ? ours.entry : theirs.entry, raw };
  }
  if (!theirsChanged) return { entry: ours.entry, raw: ours.entry.raw };
  if (!oursChanged) return { entry: theirs.entry, raw: theirs.entry.raw };
  return { entry: base?.entry ?? pickEntry(ours.entry, theirs.entry), ours: ours.entry.raw, theirs: theirs.entry.raw };
}

function pickEntry(a: ChatEntry, b: ChatEntry): ChatEntry {
  return compareEntries(a, b) <= 0 ? a : b;
}

/**
 * An entry's text in its new place: the last one loses its blank lines (the trailer follows);
 * any other ends with a line ending and, if it had none, one blank line before the next entry.
 */
function layout(raw: string, last: boolean, fileEol: string): string {
  const { content, tail } = splitBlankTail(raw);
  if (last) return content;
  const eol = raw.includes('\r\n') ? '\r\n' : fileEol;
  if (!content.endsWith('\n')) return content + eol + eol;
  return tail === '' ? content + eol : raw;
}
