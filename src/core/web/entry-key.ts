import type { ChatEntry } from '../chatlog/types.js';

/**
 * Stable keys for the entries of one day file, as the room names them (in URLs, live updates, the
 * page's DOM): ois's entry id when there is one (`e:k3xq9d2m7fz1w8ah`); for a hand-written entry, a
 * hash of its text (`h:2026-11-23:1a2b3c4d5e`, `…-2` for a second identical one in the same day),
 * so that an entry keeps its key when others are added around it.
 *
 * @example entryKeys('2026-11-23', parseChatLog(text).entries) // ['e:k3xq9d2m7fz1w8ah', 'h:2026-11-23:0f3…']
 */
export function entryKeys(day: string, entries: readonly Pick<ChatEntry, 'id' | 'raw'>[]): string[] {
  const seen = new Map<string, number>();
  return entries.map((entry) => {
    const base = entry.id !== undefined ? `e:${entry.id}` : `h:${day}:${hash(entry.raw.replace(/\r\n/g, '\n').trimEnd())}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base}-${count}`;
  });
}

/**
 * FNV-1a (64-bit) over UTF-16 code units, cut to 52 bits, as 13 hex digits. Not a security measure:
 * it only tells hand-written entries apart.
 *
 * @example hash('') // '29ce484222325' (the low 52 bits of the FNV-1a offset basis, 0xcbf29ce484222325)
 */
export function hash(text: string): string {
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < text.length; i += 1) {
    lo = (lo ^ text.charCodeAt(i)) >>> 0;
    // × the FNV prime 2^40 + 0x1b3, in two 32-bit halves (every intermediate stays below 2^53).
    const low = lo * 0x1b3;
    hi = (hi * 0x1b3 + Math.floor(low / 0x100000000) + ((lo << 8) >>> 0)) >>> 0;
    lo = low >>> 0;
  }
  return ((hi & 0xfffff) * 0x100000000 + lo).toString(16).padStart(13, '0');
}
