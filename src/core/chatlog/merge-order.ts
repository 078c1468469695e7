import type { ChatEntry } from './types.js';

const DAY = 86_400_000;

/**
 * Where an entry sorts in its day: the exact `at` when ois wrote it, else the heading's HH:MM
 * (as HH:MM:00.000 UTC); unreadable times sort last. Ties: id, then the text itself, so the
 * order never depends on which side an entry came from.
 *
 * @example compareEntries(a, b) < 0 // a comes first
 */
export function compareEntries(a: ChatEntry, b: ChatEntry): number {
  return timeOfDay(a) - timeOfDay(b) || compareText(a.id ?? '', b.id ?? '') || compareText(a.raw, b.raw);
}

/** Milliseconds since midnight UTC, or Infinity when unreadable. */
export function timeOfDay(entry: ChatEntry): number {
  if (entry.at !== undefined) {
    const ms = Date.parse(entry.at);
    if (!Number.isNaN(ms)) return ((ms % DAY) + DAY) % DAY;
  }
  const match = /^(\d{1,2})[:.hH](\d{1,2})$/.exec(entry.time);
  if (!match) return Number.POSITIVE_INFINITY;
  return Number(match[1]) * 3_600_000 + Number(match[2]) * 60_000;
}

/** Code-unit order (never locale-dependent). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Merges the surviving base entries (kept in their order) with the new entries (sorted by time),
 * like the merge step of a merge sort: each new entry goes before the first base entry later than it.
 */
export function interleave<T>(existing: readonly T[], added: readonly T[], compare: (a: T, b: T) => number): T[] {
  const fresh = [...added].sort(compare);
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < existing.length || j < fresh.length) {
    const a = existing[i];
    const b = fresh[j];
    if (b !== undefined && (a === undefined || compare(b, a) < 0)) {
      out.push(b);
      j += 1;
    } else if (a !== undefined) {
      out.push(a);
      i += 1;
    }
  }
  return out;
}
