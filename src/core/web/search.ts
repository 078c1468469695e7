/** A search of the chat history: every word must appear (case-insensitive); `from:ID` narrows to an author. */
export interface SearchQuery {
  terms: string[];
  from?: string;
}

/** What search looks at in an entry. */
export interface Searchable {
  name: string;
  author?: string | null;
  body: string;
}

/**
 * Reads the search box: words (quoted phrases stay one term), `from:aria` (id or name).
 *
 * @example parseSearch('render "batch 001" from:hkh') // { terms: ['render', 'batch 001'], from: 'hkh' }
 */
export function parseSearch(text: string): SearchQuery {
  const terms: string[] = [];
  let from: string | undefined;
  for (const match of text.matchAll(/"([^"]*)"|(\S+)/g)) {
    const word = (match[1] ?? match[2] ?? '').toLowerCase();
    if (match[2] !== undefined && word.startsWith('from:') && word.length > 5) from = word.slice(5).replace(/^@/, '');
    else if (word.trim() !== '') terms.push(word);
  }
  return from === undefined ? { terms } : { terms, from };
}

/** Whether the query asks for anything (an empty search lists nothing rather than everything). */
export function isEmptySearch(query: SearchQuery): boolean {
  return query.terms.length === 0 && query.from === undefined;
}

/**
 * Whether an entry matches: every term in its body, name or author id; `from` against the author id or name.
 *
 * @example matchesSearch({ name: 'HKH', author: 'hkh', body: 'Render done' }, parseSearch('render from:hkh')) // true
 */
export function matchesSearch(entry: Searchable, query: SearchQuery): boolean {
  const name = entry.name.toLowerCase();
  const author = entry.author?.toLowerCase() ?? '';
  if (query.from !== undefined && author !== query.from && name !== query.from && !name.startsWith(`${query.from} `)) return false;
  if (query.terms.length === 0) return true;
  const body = entry.body.toLowerCase();
  return query.terms.every((term) => body.includes(term) || name.includes(term) || author === term);
}

/**
 * Positions of the matching items, newest first, at most `limit`, starting before `before`
 * (exclusive; default: the end). `more` is the `before` for the next page, or null.
 *
 * @example searchBackwards(items, parseSearch('gpu'), 50) // { positions: [9, 4], more: null }
 */
export function searchBackwards(items: readonly Searchable[], query: SearchQuery, limit: number, before?: number): { positions: number[]; more: number | null } {
  const positions: number[] = [];
  if (isEmptySearch(query)) return { positions, more: null };
  for (let i = Math.min(before ?? items.length, items.length) - 1; i >= 0; i -= 1) {
    const item = items[i];
    if (item === undefined || !matchesSearch(item, query)) continue;
    if (positions.length === limit) return { positions, more: i + 1 };
    positions.push(i);
  }
  return { positions, more: null };
}
