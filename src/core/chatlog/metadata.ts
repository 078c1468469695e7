/**
 * ois's metadata comment, the second line of every entry ois writes:
 * `<!-- ois:entry id=k3xq9d2m7fz1w8ah at=2026-11-23T14:32:05.123Z author=aria -->`.
 * Keys are `key=value` pairs separated by spaces; values never contain spaces. Unknown keys are
 * ignored so that later versions can add some.
 */
export interface EntryMetadata {
  id: string;
  at: string;
  author: string;
}

export const ID_PATTERN = /^[A-Za-z0-9_-]{4,64}$/;
export const AT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;
export const AUTHOR_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const LINE = /^<!--[ \t]*ois:entry\b(.*?)-->[ \t]*$/;

/**
 * Formats the metadata comment (no line ending).
 *
 * @example formatMetadata({ id: 'k3xq9d2m', at: '2026-11-23T14:32:05.123Z', author: 'aria' })
 * // '<!-- ois:entry id=k3xq9d2m at=2026-11-23T14:32:05.123Z author=aria -->'
 */
export function formatMetadata(meta: EntryMetadata): string {
  return `<!-- ois:entry id=${meta.id} at=${meta.at} author=${meta.author} -->`;
}

/** Whether a line is meant as ois metadata (well-formed or not). */
export function looksLikeMetadata(line: string): boolean {
  return /^<!--[ \t]*ois:/.test(line);
}

/**
 * Reads a metadata line: the fields that parse, and the reason when some do not.
 *
 * @example readMetadata('<!-- ois:entry id=k3xq9d2m at=2026-11-23T14:32:05.123Z author=aria -->').meta?.author // 'aria'
 */
export function readMetadata(line: string): { meta?: Partial<EntryMetadata>; error?: string } {
  const match = LINE.exec(line);
  if (!match) return { error: 'expected `<!-- ois:entry id=… at=… author=… -->` on one line' };
  const meta: Partial<EntryMetadata> = {};
  const errors: string[] = [];
  for (const pair of (match[1] ?? '').trim().split(/\s+/).filter(Boolean)) {
    const eq = pair.indexOf('=');
    const key = eq === -1 ? pair : pair.slice(0, eq);
    const value = eq === -1 ? '' : pair.slice(eq + 1);
    if (key === 'id') {
      if (ID_PATTERN.test(value)) meta.id = value;
      else errors.push(`bad id "${value}"`);
    } else if (key === 'at') {
      if (AT_PATTERN.test(value) && !Number.isNaN(Date.parse(value))) meta.at = value;
      else errors.push(`bad time "${value}" (expected ISO 8601 UTC, e.g. 2026-11-23T14:32:05.123Z)`);
    } else if (key === 'author') {
      if (AUTHOR_PATTERN.test(value)) meta.author = value;
      else errors.push(`bad author "${value}"`);
    }
  }
  if (meta.id === undefined && !errors.some((e) => e.startsWith('bad id'))) errors.push('no id');
  return errors.length > 0 ? { meta, error: errors.join('; ') } : { meta };
}
