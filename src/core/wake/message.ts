import { oneLine } from '../safe-text.js';
import { truncateUtf8, utf8Length } from './bytes.js';
import type { PeerWake, WakeEntry } from './choose.js';
import { frame, PART_SEPARATOR, quoteLines } from './frame.js';

export interface WakeMessageOptions {
  /** Where the whole log is, named in the truncation note. Default `chat/`. */
  chatPath?: string;
  /**
   * This wake's random boundary (8 to 64 letters and digits, from adapters/random.ts). Without one,
   * a boundary is derived from the content: the block is still closed to its content, only the marker
   * is predictable.
   */
  boundary?: string;
}

/** The smallest entries budget honoured (the team config's minimum). */
export const MIN_MESSAGE_BYTES = 256;

const WAKE_INTRO = "New messages from your team, through the team's shared git repository (ois).";
const DIRECT_INTRO = 'A message from a member of your team, sent to you directly with `ois send`.';

/**
 * The text of one wake (see frame.ts): ois's framing, then one delimited block holding everything from
 * the repository: the team name, each entry (its heading `## HH:MM - Name (@id)` quoted with `> `, its
 * body with `> > `, oldest first), the changed shared files. Every Unicode line break starts a new quoted
 * line; control characters are removed. The entries and the file list take at most `maxBytes` UTF-8
 * bytes (the team config's `wake.maxMessageBytes`); the framing and the team name add a fixed few
 * hundred. Entries that do not fit are counted in a note ("… 3 more entries, read chat/ in the team
 * repository"); a single oversized entry is cut.
 *
 * @example
 * buildWakeMessage('acme', { entries: [{ time: '10:02', name: 'Aria', author: 'aria', body: '@bob review?',
 *   mentions: { ids: ['bob'], all: false } }], sharedFiles: [] }, 16000, { boundary: 'Q7xk2M9pLw' })
 * // '[ois] New messages from your team … <<< ois-team-messages Q7xk2M9pLw >>>\n> Team: acme\n>\n> ## 10:02 - Aria (@aria)\n> > @bob review?\n<<< end …'
 */
export function buildWakeMessage(team: string, wake: PeerWake, maxBytes: number, options: WakeMessageOptions = {}): string {
  const chatPath = options.chatPath ?? 'chat/';
  const budget = Math.max(MIN_MESSAGE_BYTES, Math.floor(maxBytes));
  const teamLine = quoteLines(`Team: ${oneLine(team).slice(0, 100)}`);
  const files = sharedFilesBlock(wake.sharedFiles);
  const blocks = wake.entries.map(entryBlock);
  const sep = utf8Length(PART_SEPARATOR);
  // Each part after the team line costs its separator too.
  const fitted = fit(blocks, budget - sep - (files === '' ? 0 : utf8Length(files) + sep), chatPath);
  const quoted = [teamLine, ...[files].filter((part) => part !== ''), ...fitted].join(PART_SEPARATOR);
  return frame({ intro: WAKE_INTRO, quoted, boundary: options.boundary });
}

/**
 * A message typed by a person for one peer (`ois send`), framed like a wake, the sender (when given)
 * inside the block; the text is cut past `maxBytes` (default 16 000).
 *
 * @example frameDirectMessage('please pull', { from: 'aria' }) // '[ois] A message from a member of your team … \n> From: aria\n>\n> > please pull\n<<< end …'
 */
export function frameDirectMessage(text: string, options: { from?: string; maxBytes?: number; boundary?: string } = {}): string {
  const from = options.from === undefined ? [] : [quoteLines(`From: ${oneLine(options.from).slice(0, 100)}`)];
  const budget = Math.max(MIN_MESSAGE_BYTES, options.maxBytes ?? 16_000);
  const quoted = [...from, cut(quoteLines(text.trim(), '> > '), budget, 'the chat log')].join(PART_SEPARATOR);
  return frame({ intro: DIRECT_INTRO, quoted, boundary: options.boundary });
}

function entryBlock(entry: WakeEntry): string {
  const author = entry.author === undefined ? '' : ` (@${oneLine(entry.author)})`;
  const heading = quoteLines(`## ${oneLine(entry.time)} - ${oneLine(entry.name)}${author}`);
  return `${heading}\n${quoteLines(entry.body.trim(), '> > ')}`;
}

function sharedFilesBlock(files: readonly string[]): string {
  if (files.length === 0) return '';
  const shown = files.slice(0, 20).map((file) => `- ${oneLine(file).slice(0, 200)}`);
  const more = files.length > shown.length ? [`- … and ${files.length - shown.length} more`] : [];
  return quoteLines(['Changed shared files:', ...shown, ...more].join('\n'));
}

/** Keeps blocks in order while they fit; the first that does not is cut (if none fit) or counted. */
function fit(blocks: readonly string[], budget: number, chatPath: string): string[] {
  const sep = utf8Length(PART_SEPARATOR);
  const kept: string[] = [];
  let used = 0;
  for (const [index, block] of blocks.entries()) {
    const rest = blocks.length - index - 1;
    const reserve = rest > 0 ? utf8Length(moreNote(blocks.length, chatPath)) + sep : 0;
    const size = utf8Length(block) + (kept.length > 0 ? sep : 0);
    if (used + size + reserve <= budget) {
      kept.push(block);
      used += size;
      continue;
    }
    const left = blocks.length - index;
    if (kept.length === 0) {
      const note = left > 1 ? moreNote(left - 1, chatPath) : '';
      kept.push(cut(block, budget - (note === '' ? 0 : utf8Length(note) + sep), chatPath));
      if (note !== '') kept.push(note);
    } else {
      kept.push(moreNote(left, chatPath));
    }
    break;
  }
  return kept;
}

/** `block` (quoted lines) cut to `budget` bytes with a note; the cut never leaves an unquoted line. */
function cut(block: string, budget: number, chatPath: string): string {
  if (utf8Length(block) <= budget) return block;
  const tail = `> > … (cut; read the whole entry in ${chatPath})`;
  const head = truncateUtf8(block, Math.max(0, budget - utf8Length(tail) - 1)).replace(/\n$/, '');
  return head === '' ? tail : `${head}\n${tail}`;
}

function moreNote(count: number, chatPath: string): string {
  return quoteLines(`… ${count} more ${count === 1 ? 'entry' : 'entries'}, read ${chatPath} in the team repository.`);
}
