import { oneLine } from '../safe-text.js';
import { parseStructured } from '../tasks/parse.js';
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
  /** One line said by ois itself before the block: a catch-up's lateness, a digest's reason. */
  notice?: string;
}

/** The smallest entries budget honoured (the team config's minimum). */
export const MIN_MESSAGE_BYTES = 256;

const WAKE_INTRO = "New messages from your team, through the team's shared git repository (ois).";
const DIRECT_INTRO = 'A message from a member of your team, sent to you directly with `ois send`.';

/** How to answer, in every wake: the skill that teaches it, the command, and when not to. */
export const ANSWER_LINE =
  "To answer, use your ois skill: `ois say '@ID …'` in your clone of the team repository; answer only what needs an answer " +
  "(`ois say --no-wake '…'` writes without waking anyone).";

/**
 * The text of one wake (see frame.ts): ois's framing, then one delimited block holding everything from
 * the repository: the team name, each entry (its heading `## <UTC date and time> - Name (@id)` quoted with
 * `> `, its body with `> > `, oldest first, a task entry's RequestID), the changed shared files. ois's own
 * words before the block say how to answer (ANSWER_LINE) and, for a catch-up or a digest, `notice`. Every Unicode line break starts a new quoted
 * line; control characters are removed. The entries and the file list take at most `maxBytes` UTF-8
 * bytes (the team config's `wake.maxMessageBytes`); the framing and the team name add a fixed few
 * hundred. Entries that do not fit are counted in a note ("… 3 more entries, read chat/ in the team
 * repository"); a single oversized entry is cut.
 *
 * @example
 * buildWakeMessage('acme', { entries: [{ time: '10:02', name: 'Aria', author: 'aria', body: '@bob review?',
 *   mentions: { ids: ['bob'], all: false } }], sharedFiles: [] }, 16000, { boundary: 'Q7xk2M9pLw' })
 * // '[ois] New messages from your team … <<< ois-team-messages Q7xk2M9pLw >>>\n> Team: acme\n>\n> ## 2026-11-23 10:02 UTC - Aria (@aria)\n> > @bob review?\n<<< end …'
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
  const notice = options.notice === undefined ? [] : [oneLine(options.notice).slice(0, 400)];
  return frame({ intro: WAKE_INTRO, notes: [ANSWER_LINE, ...notice], quoted, boundary: options.boundary });
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
  return frame({ intro: DIRECT_INTRO, notes: [ANSWER_LINE], quoted, boundary: options.boundary });
}

function entryBlock(entry: WakeEntry): string {
  const author = entry.author === undefined ? '' : ` (@${oneLine(entry.author)})`;
  const heading = quoteLines(`## ${when(entry)} - ${oneLine(entry.name)}${author}`);
  const task = taskLine(entry.body);
  return `${heading}\n${quoteLines(entry.body.trim(), '> > ')}${task === undefined ? '' : `\n${quoteLines(task)}`}`;
}

/** `2026-11-23 10:02 UTC` from the exact time, else the day file and the heading's time, else the heading's time. */
function when(entry: WakeEntry): string {
  if (entry.at !== undefined && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(entry.at)) return `${entry.at.slice(0, 10)} ${entry.at.slice(11, 16)} UTC`;
  const time = oneLine(entry.time);
  return entry.day !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(entry.day) && /^\d{2}:\d{2}$/.test(time) ? `${entry.day} ${time} UTC` : time;
}

/** ois's own line under a task entry (quoted, inside the block): its RequestID, and for a request how it is answered. */
function taskLine(body: string): string | undefined {
  const message = parseStructured(body);
  const id = message?.fields.RequestID?.value;
  if (message === undefined || id === undefined || !/^[A-Za-z0-9._-]{1,64}$/.test(id)) return undefined;
  if (message.kind === 'task-request') return `(Task Request ${id}: answered with \`ois task done ${id} …\` or \`ois task failed ${id} …\`)`;
  if (message.kind === 'task-complete') return `(Task Complete for ${id})`;
  if (message.kind === 'task-failed') return `(Task Failed for ${id})`;
  return undefined;
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
