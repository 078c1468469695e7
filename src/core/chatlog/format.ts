import { OisError } from '../errors.js';
import { eolOf } from './lines.js';
import { AT_PATTERN, AUTHOR_PATTERN, formatMetadata, ID_PATTERN } from './metadata.js';
import { ENTRY_LIKE } from './scan.js';

/** What `ois say` knows about a new entry. */
export interface NewEntry {
  /** From `newEntryId`. */
  id: string;
  /** Exact UTC time, ISO 8601 (`2026-11-23T14:32:05.123Z`); the heading shows its HH:MM. */
  at: string;
  /** The author's ois id (`aria`). */
  author: string;
  /** The author's display name (`ARIA ⚔️`). */
  name: string;
  /** Markdown text. */
  body: string;
}

/**
 * The one writer of the chat format: heading, metadata comment, body, closing rule (LF endings).
 * The body's outer blank lines and trailing spaces are trimmed; a body line that would read as an
 * entry heading is escaped with `\` so that it stays inside this entry.
 *
 * @example
 * formatEntry({ id: 'k3xq9d2m7fz1w8ah', at: '2026-11-23T14:32:05.123Z', author: 'aria', name: 'ARIA ⚔️', body: 'Hi @hkh' })
 * // '## 14:32 - ARIA ⚔️\n<!-- ois:entry id=k3xq9d2m7fz1w8ah at=2026-11-23T14:32:05.123Z author=aria -->\n\nHi @hkh\n\n---\n'
 */
export function formatEntry(entry: NewEntry): string {
  if (!ID_PATTERN.test(entry.id)) throw invalid(`entry id "${entry.id}" must be 4-64 characters of A-Z a-z 0-9 _ -`);
  if (!AT_PATTERN.test(entry.at) || Number.isNaN(Date.parse(entry.at))) throw invalid(`entry time "${entry.at}" must be ISO 8601 UTC`);
  if (!AUTHOR_PATTERN.test(entry.author)) throw invalid(`author id "${entry.author}" must be ASCII (A-Z a-z 0-9 . _ -)`);
  const name = entry.name.trim();
  if (name === '' || /[\r\n]/.test(name)) throw invalid('the display name must be one non-empty line');
  const body = entry.body
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, ''))
    .map((line) => (ENTRY_LIKE.test(line) ? `\\${line}` : line))
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
  if (body === '') throw invalid('the message is empty');
  const time = entry.at.slice(11, 16);
  return `## ${time} - ${name}\n${formatMetadata(entry)}\n\n${body}\n\n---\n`;
}

/**
 * The first line of a new day file, followed by a blank line.
 *
 * @example formatDayTitle('2026-11-23') // '# 2026-11-23 Chat Log\n\n'
 */
export function formatDayTitle(date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw invalid(`"${date}" is not a YYYY-MM-DD date`);
  return `# ${date} Chat Log\n\n`;
}

/**
 * The day file (repository-relative, `/` separators) an entry written at `isoTime` belongs to: one file per UTC day.
 *
 * @example dayFileName('2026-11-23T23:59:59.999Z') // 'chat/2026-11-23.md'
 */
export function dayFileName(isoTime: string): string {
  const ms = Date.parse(isoTime);
  if (Number.isNaN(ms)) throw invalid(`"${isoTime}" is not an ISO 8601 time`);
  return `chat/${new Date(ms).toISOString().slice(0, 10)}.md`;
}

/**
 * Appends a formatted entry to a day file's text, with one blank line before it; the entry takes the
 * file's line endings (CRLF stays CRLF). A missing file (`undefined`) or an empty one gets just the entry.
 *
 * @example appendEntry('# 2026-11-23 Chat Log\n\n## 14:30 - HKH\n\nok\n\n---', entry) // '…---\n\n## 14:32 - …'
 */
export function appendEntry(existing: string | undefined, entryText: string): string {
  if (existing === undefined || existing === '') return entryText;
  const eol = eolOf(existing);
  const text = eol === '\n' ? entryText : entryText.replace(/\r?\n/g, eol);
  if (existing.endsWith(eol + eol)) return existing + text;
  if (existing.endsWith('\n')) return existing + eol + text;
  return existing + eol + eol + text;
}

/**
 * A new entry id: 16 characters of lower-case Crockford base32 from 80 random bits.
 *
 * @example newEntryId((n) => crypto.getRandomValues(new Uint8Array(n))) // 'k3xq9d2m7fz1w8ah'
 */
export function newEntryId(random: (size: number) => Uint8Array): string {
  const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
  const bytes = random(10);
  if (bytes.length < 10) throw new OisError('INTERNAL', 'the random source returned too few bytes');
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes.subarray(0, 10)) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

function invalid(message: string): OisError {
  return new OisError('USAGE', message);
}
