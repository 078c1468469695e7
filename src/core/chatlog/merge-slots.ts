import type { Item } from './merge-identity.js';
import { compareEntries } from './merge-order.js';
import { conflictRegion, pickOne, splitBlankTail } from './merge-text.js';
import type { ChatEntry } from './types.js';

/** One entry of a merge result: a version to write, or two versions in conflict. */
export type Slot = { entry: ChatEntry; raw: string } | { entry: ChatEntry; ours: string; theirs: string };

/** Items by key. */
export function byKey(items: readonly Item[]): Map<string, Item> {
  return new Map(items.map((item) => [item.key, item]));
}

/**
 * The version of one entry to keep, three-way (undefined: deleted on both sides). Deleted on one side
 * only, it is kept (chat logs are append-only); changed on one side, the change wins; changed the same
 * way on both, once; changed differently on both, a conflict slot.
 *
 * @example resolveSlot(base, ours, undefined) // { entry: ours.entry, raw: ours.entry.raw }
 */
export function resolveSlot(base: Item | undefined, ours: Item | undefined, theirs: Item | undefined): Slot | undefined {
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
  const first = compareEntries(ours.entry, theirs.entry) <= 0 ? ours.entry : theirs.entry;
  return { entry: base?.entry ?? first, ours: ours.entry.raw, theirs: theirs.entry.raw };
}

/**
 * The text of the slots in order, after `preamble`: one blank line between entries, conflict slots
 * between git's markers. Returns the text and how many conflict regions it holds.
 */
export function renderSlots(preamble: string, slots: readonly Slot[], eol: string): { text: string; conflicts: number } {
  let text = preamble;
  let conflicts = 0;
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
  return { text, conflicts };
}

/**
 * An entry's text in its new place: the last one loses its blank lines (the trailer follows);
 * any other ends with a line ending and, if it had none, one blank line before the next entry.
 *
 * @example layout('## 14:32 - A\n\nhi\n\n---', false, '\n') // '## 14:32 - A\n\nhi\n\n---\n\n'
 */
export function layout(raw: string, last: boolean, fileEol: string): string {
  const { content, tail } = splitBlankTail(raw);
  if (last) return content;
  const eol = raw.includes('\r\n') ? '\r\n' : fileEol;
  if (!content.endsWith('\n')) return content + eol + eol;
  return tail === '' ? content + eol : raw;
}

function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}
