import { sameText } from './edit.js';
import { headingLine } from './lines.js';
import { coreOf } from './merge-identity.js';
import { isOwnEntry } from './own.js';
import type { ChatEntry, ChatLog, Member } from './types.js';

export interface Continuation {
  /** The working file with the continuation moved onto the open entry. */
  working: string;
  /** The open entry's heading line and where it starts in `working`. */
  heading: string;
  line: number;
  /** The heading of the entry the text had been written after. */
  after: string;
}

/**
 * An entry written in two steps whose first step was committed and pushed (the file stayed quiet)
 * has peers' entries after it by the time the second step comes; an append puts that second step at
 * the end of the file, after someone else's complete entry. This finds that case (pure) and moves the
 * text back onto the open entry it continues, so the entry is completed in its place and the other
 * member's entry stays as it was. All of these must hold:
 * - the last entry of the working file is another member's, closed, and is its committed version
 *   byte for byte with text appended after its `---` line;
 * - this member's last entry before it has no closing `---`, and is as committed.
 * The text joins the open entry directly when it starts with a space or a line break (a cut inside a
 * line), else on a new line (a cut between lines: the first step ended with its line).
 *
 * `committed` and `now` are the committed and the working file parsed; `working` is the working text.
 *
 * @example joinContinuation(parseChatLog(c), parseChatLog(w), w, { id: 'hkh', name: 'HKH' })?.working // w = c + ' and the rest\n\n---\n'
 */
export function joinContinuation(committed: ChatLog, now: ChatLog, working: string, self: Member): Continuation | undefined {
  const before = committed.entries;
  const last = now.entries.at(-1);
  const was = before.at(-1);
  if (!last || !was || !was.closed || isOwnEntry(was, self)) return undefined;
  const kept = coreOf(was);
  const eol = /^\r?\n/.exec(last.raw.slice(kept.length))?.[0];
  if (!last.raw.startsWith(kept) || eol === undefined) return undefined;
  const added = last.raw.slice(kept.length + eol.length) + now.trailer;
  if (added.trim() === '') return undefined;
  const index = lastOwnIndex(now.entries, self);
  const open = now.entries[index];
  if (!open || open.closed || !before.some((entry) => !entry.closed && sameText(entry.raw, open.raw))) return undefined;
  const offsets = startOffsets(now.preamble, now.entries);
  const openEnd = (offsets[index] ?? 0) + coreOf(open).length;
  const lastStart = offsets[now.entries.length - 1] ?? 0;
  const join = /^\s/.test(added) ? '' : eol;
  const text = working.slice(0, openEnd) + join + added.replace(/\s+$/, '') + working.slice(openEnd, lastStart + kept.length + eol.length);
  return { working: text, heading: headingLine(open), line: open.position.start.line, after: headingLine(last) };
}

function lastOwnIndex(entries: readonly ChatEntry[], self: Member): number {
  for (let i = entries.length - 2; i >= 0; i -= 1) if (isOwnEntry(entries[i] as ChatEntry, self)) return i;
  return -1;
}

function startOffsets(preamble: string, entries: readonly ChatEntry[]): number[] {
  let at = preamble.length;
  return entries.map((entry) => {
    const start = at;
    at += entry.raw.length;
    return start;
  });
}
