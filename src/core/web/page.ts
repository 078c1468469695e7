/** A window of an ordered list: `[start, end)` and where the next older window ends (null: none). */
export interface Window {
  start: number;
  end: number;
  /** The `before` that asks for the window just older than this one; null at the beginning. */
  older: number | null;
}

/** The most entries a page asks for at once (the page keeps what it loaded and asks for more). */
export const MAX_PAGE = 500;

/**
 * The `limit` items just before position `before` (exclusive; default: the end), in list order,
 * so the room shows the newest page first and asks for older ones as the reader scrolls up.
 * `limit` is clamped to 1…MAX_PAGE; `before` to 0…total.
 *
 * @example pageBefore(1000, undefined, 100) // { start: 900, end: 1000, older: 900 }
 * @example pageBefore(1000, 50, 100) // { start: 0, end: 50, older: null }
 */
export function pageBefore(total: number, before: number | undefined, limit: number): Window {
  const size = Math.min(MAX_PAGE, Math.max(1, Math.floor(Number.isFinite(limit) ? limit : 100)));
  const end = Math.min(total, Math.max(0, Math.floor(before ?? total)));
  const start = Math.max(0, end - size);
  return { start, end, older: start > 0 ? start : null };
}

/**
 * The window of `size` items centred on `position` (for "show in the chat" from a search result).
 *
 * @example windowAround(1000, 10, 100) // { start: 0, end: 60, older: null }
 */
export function windowAround(total: number, position: number, size: number): Window {
  const half = Math.floor(Math.min(MAX_PAGE, Math.max(2, size)) / 2);
  const start = Math.max(0, Math.min(position, total) - half);
  const end = Math.min(total, Math.max(position + half, start + 1));
  return { start, end, older: start > 0 ? start : null };
}
