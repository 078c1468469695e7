import { completes } from './edit.js';
import { appendEntry } from './format.js';
import { eolOf } from './lines.js';
import { parseChatLog } from './parse.js';

/**
 * Where `ois say` (and the web room) put a new entry (pure): at the end of the file, except when the
 * file ends with an entry still being written, one without its closing `---` that is not committed
 * (`committed`: the file as in HEAD). That is an agent's file tool writing in steps, and its next
 * append must land on its own entry: the new entry goes just before it. A fragment already committed
 * stays where it is (it may be pushed: pushed entries never move), and the new entry goes after it.
 *
 * @example placeEntry('# t\n\n## 10:00 - ARIA\n\nhalf', '## 10:01 - HKH\n\nhi\n\n---\n', '# t\n')
 * // '# t\n\n## 10:01 - HKH\n\nhi\n\n---\n\n## 10:00 - ARIA\n\nhalf'
 */
export function placeEntry(existing: string, entryText: string, committed: string | undefined): string {
  const log = parseChatLog(existing);
  const last = log.entries.at(-1);
  if (!last || last.closed) return appendEntry(existing, entryText);
  // Committed, as it is or in part (an earlier step; as it is counts: `completes` holds for the same text): it stays where it is.
  const known = (entry: typeof last): boolean => (last.id !== undefined && entry.id === last.id) || completes(entry, last);
  if (committed !== undefined && parseChatLog(committed).entries.some(known)) return appendEntry(existing, entryText);
  const start = existing.length - log.trailer.length - last.raw.length;
  const eol = eolOf(existing);
  const before = existing.slice(0, start);
  const text = eol === '\n' ? entryText : entryText.replace(/\r?\n/g, eol);
  const head = before === '' || before.endsWith(eol + eol) ? before : before.endsWith(eol) ? before + eol : before + eol + eol;
  return head + text + (text.endsWith(eol) ? '' : eol) + eol + existing.slice(start);
}
