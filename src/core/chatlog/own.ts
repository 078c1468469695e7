import type { ChatEntry, Member } from './types.js';

/**
 * Whether `entry` was written by `self`: its metadata's author is self's id, or (hand-written, no
 * metadata) its heading's name is self's name or id. Names compare case-insensitively, Unicode-normalised,
 * with runs of spaces as one.
 *
 * @example isOwnEntry(parseChatLog('## 14:32 - aria ⚔️\n\nhi\n\n---\n').entries[0], { id: 'aria', name: 'ARIA ⚔️' }) // true
 */
export function isOwnEntry(entry: Pick<ChatEntry, 'author' | 'name'>, self: Member): boolean {
  if (entry.author !== undefined) return entry.author.toLowerCase() === self.id.toLowerCase();
  const name = normaliseName(entry.name);
  return name === normaliseName(self.name) || name === normaliseName(self.id);
}

function normaliseName(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}
