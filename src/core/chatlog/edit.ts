import type { ChatEntry } from './types.js';

/*
 * Comparing two versions of one entry (pure): the same text, a completion, a cut, a small correction. Line
 * endings and trailing spaces never count as a change.
 */

/** Whether two texts are the same but for line endings and trailing whitespace. */
export function sameText(a: string, b: string): boolean {
  return normalise(a) === normalise(b);
}

/**
 * Appending to an entry that had no closing `---` completes it (anyone may: it is an append).
 *
 * @example completes(fragment, whole) // true when whole's text starts with the fragment's
 */
export function completes(old: ChatEntry, now: ChatEntry): boolean {
  return !old.closed && normalise(now.raw).startsWith(normalise(old.raw));
}

/**
 * The opposite: an entry that had its closing `---` left without it (a stale copy written back, a
 * `git revert` of its completion: its end is gone). Nobody may, not even its author.
 *
 * @example reopens(whole, fragment) // true
 */
export function reopens(old: ChatEntry, now: ChatEntry): boolean {
  return old.closed && !now.closed;
}

/**
 * A closed entry left with only the beginning of its text (a stale copy read while it was half written):
 * the same entry losing its end. A hand-written entry, which has no id, is known by this to be the same.
 *
 * @example cutShort(whole, fragment) // true
 */
export function cutShort(old: ChatEntry, now: ChatEntry): boolean {
  return reopens(old, now) && normalise(old.raw).startsWith(normalise(now.raw));
}

/**
 * Whether an edit is small: at most 2 characters, or a fifth of the longer body, changed (edit distance).
 *
 * @example similar('the plan is A', 'the plan is B') // true
 */
export function similar(a: string, b: string): boolean {
  const [x, y] = [normalise(a), normalise(b)];
  let start = 0;
  while (start < x.length && start < y.length && x[start] === y[start]) start += 1;
  let end = 0;
  while (end < x.length - start && end < y.length - start && x[x.length - 1 - end] === y[y.length - 1 - end]) end += 1;
  const [p, q] = [x.slice(start, x.length - end), y.slice(start, y.length - end)];
  const allowed = Math.max(2, Math.floor(0.2 * Math.max(x.length, y.length)));
  if (Math.abs(p.length - q.length) > allowed || p.length > 400 || q.length > 400) return false;
  return editDistance(p, q) <= allowed;
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const next = [i];
    for (let j = 1; j <= b.length; j += 1) {
      next[j] = Math.min((row[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length] ?? 0;
}

/** Line endings as LF, no trailing spaces on lines, no trailing blank lines. */
export function normalise(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/\s+$/, '');
}
