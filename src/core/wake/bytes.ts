const encoder = new TextEncoder();

/** UTF-8 length of `text`. @example utf8Length('é') // 2 */
export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

/**
 * The longest prefix of `text` of at most `maxBytes` UTF-8 bytes, never splitting a character.
 *
 * @example truncateUtf8('héllo', 2) // 'h'
 */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (utf8Length(text) <= maxBytes) return text;
  let used = 0;
  let end = 0;
  for (const char of text) {
    const size = utf8Length(char);
    if (used + size > maxBytes) break;
    used += size;
    end += char.length;
  }
  return text.slice(0, end);
}
