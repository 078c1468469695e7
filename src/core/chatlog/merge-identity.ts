import type { ChatEntry } from './types.js';

/** An entry of one version of the file, with the identity the merge matches it by. */
export interface Item {
  /** Same entry in every version: `id:<id>#n` or, hand-written, `hw:<normalised text>#n`. */
  key: string;
  entry: ChatEntry;
  /** The entry's text without its trailing blank lines and spaces: what "changed" compares. */
  core: string;
}

/** The entry's text without trailing whitespace. */
export function coreOf(entry: ChatEntry): string {
  return entry.raw.replace(/\s+$/, '');
}

/**
 * Keys the entries of one version. ois's entries are known by their id; hand-written ones by their
 * whole text (heading included, line endings and trailing spaces normalised). The n-th repeat of a
 * key in one file gets `#n`, so a file may hold the same text twice.
 *
 * @example keyItems(parseChatLog(text).entries)[0]?.key // 'id:k3xq9d2m7fz1w8ah#0'
 */
export function keyItems(entries: readonly ChatEntry[]): Item[] {
  const seen = new Map<string, number>();
  return entries.map((entry) => {
    const base = entry.id !== undefined ? `id:${entry.id}` : `hw:${normalise(entry.raw)}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return { key: `${base}#${n}`, entry, core: coreOf(entry) };
  });
}

/**
 * Gives a side's edited hand-written entries the key of the base entry they replace. A hand-written
 * entry has no id, so an edit shows as one base entry gone and one new entry: they are paired when
 * they have the same heading and sit in the same place (after the same surviving entry).
 */
export function pairEdits(base: readonly Item[], side: readonly Item[]): Item[] {
  const baseKeys = new Set(base.map((item) => item.key));
  const sideKeys = new Set(side.map((item) => item.key));
  const orphans = anchored(base, sideKeys).filter(({ item }) => !sideKeys.has(item.key) && isHandWritten(item));
  const used = new Set<Item>();
  return anchored(side, baseKeys).map(({ item, anchor }) => {
    if (baseKeys.has(item.key) || !isHandWritten(item)) return item;
    const match = orphans.find((o) => !used.has(o.item) && o.anchor === anchor && headingOf(o.item) === headingOf(item));
    if (!match) return item;
    used.add(match.item);
    return { ...item, key: match.item.key };
  });
}

/** Each item with the key of the nearest item before it that the other version also has. */
function anchored(items: readonly Item[], other: ReadonlySet<string>): { item: Item; anchor: string }[] {
  let anchor = '^';
  return items.map((item) => {
    const result = { item, anchor };
    if (other.has(item.key)) anchor = item.key;
    return result;
  });
}

function isHandWritten(item: Item): boolean {
  return item.entry.id === undefined;
}

function headingOf(item: Item): string {
  return `${item.entry.time} - ${item.entry.name}`;
}

function normalise(raw: string): string {
  return raw
    .replace(/\r\n/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/\s+$/, '');
}
