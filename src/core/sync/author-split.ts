import type { Link, Image, Root } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { appendEntry } from '../chatlog/format.js';
import { parseChatLog } from '../chatlog/parse.js';
import { newChatEntries } from '../wake/carried.js';
import { sharedPathOf } from '../web/paths.js';
import { isChatLog, type Change } from './message.js';

/** A staged change as the commit step describes it (chat logs with their text before and as staged). */
export interface StagedChange extends Change {
  before?: string;
  after?: string;
}

/** What belongs to a person's own commit: their entries, and the shared files they link. */
export interface HumanPart {
  /** Each chat log with only the person's new entries added to its committed text. */
  chat: Array<{ path: string; text: string; entries: number }>;
  /** Changed files under `shared/` that the person's new entries link to (their attachments). */
  files: string[];
  /** The person's part is the whole change: one commit, authored by them, is enough. */
  whole: boolean;
  /** How many of their entries. */
  entries: number;
}

/**
 * Splits a batch of staged changes by author for a clone where a person (`Kind: human`, posting
 * through `ois web`) writes beside the clone's agent: the person's new entries (by their metadata
 * author) and the attachments they link go into a commit of their own, authored by them; the rest
 * stays for the agent's commit. Undefined when the batch holds no entry of theirs.
 *
 * @example splitForHuman([{ path: 'chat/2026-11-23.md', kind: 'update', before, after }], 'mia')
 * // { chat: [{ path: 'chat/2026-11-23.md', text: before + mia's entries }], files: [], whole: false, entries: 1 }
 */
export function splitForHuman(changes: readonly StagedChange[], human: string): HumanPart | undefined {
  const id = human.toLowerCase();
  const part: HumanPart = { chat: [], files: [], whole: true, entries: 0 };
  const linked = new Set<string>();
  for (const change of changes) {
    if (!isChatLog(change.path) || change.kind === 'delete' || change.after === undefined) continue;
    const added = newChatEntries(change.before, change.after);
    const theirs = added.filter((entry) => entry.author?.toLowerCase() === id);
    if (theirs.length === 0) {
      part.whole = false;
      continue;
    }
    if (theirs.length < added.length || !isAppendOnly(change.before, change.after)) part.whole = false;
    const base = change.before ?? parseChatLog(change.after).preamble;
    const text = theirs.reduce((sofar, entry) => appendEntry(sofar, `${entry.raw.replace(/\s+$/, '')}\n`), base);
    part.chat.push({ path: change.path, text, entries: theirs.length });
    part.entries += theirs.length;
    for (const entry of theirs) for (const path of linkedSharedFiles(entry.body)) linked.add(path);
  }
  if (part.entries === 0) return undefined;
  for (const change of changes) {
    if (isChatLog(change.path)) continue;
    if (change.kind !== 'delete' && linked.has(change.path)) part.files.push(change.path);
    else part.whole = false;
  }
  return part;
}

/**
 * The metadata authors of the new entries in a batch that are not `self` (lower case, no repeats):
 * a cheap first look, so the commit step asks git config for the clone's person only when needed.
 *
 * @example otherAuthors([{ path: 'chat/2026-11-23.md', kind: 'update', before, after }], 'aria') // ['mia']
 */
export function otherAuthors(changes: readonly StagedChange[], self: string): string[] {
  const me = self.toLowerCase();
  const found = new Set<string>();
  for (const change of changes) {
    if (!isChatLog(change.path) || change.kind === 'delete' || change.after === undefined || !change.after.includes('author=')) continue;
    for (const entry of newChatEntries(change.before, change.after)) {
      const author = entry.author?.toLowerCase();
      if (author !== undefined && author !== me) found.add(author);
    }
  }
  return [...found];
}

/** The committed text is kept as it was and only entries were added after it. */
function isAppendOnly(before: string | undefined, after: string): boolean {
  return before === undefined || after.startsWith(before.replace(/\s+$/, ''));
}

const processor = unified().use(remarkParse);

/**
 * The `shared/…` paths a Markdown body links to or shows (links and images, as the room renders them).
 *
 * @example linkedSharedFiles('see [the plan](shared/attachments/2026-11-23/plan.pdf)') // ['shared/attachments/2026-11-23/plan.pdf']
 */
export function linkedSharedFiles(body: string): string[] {
  if (!body.includes('shared/')) return [];
  const found: string[] = [];
  visit(processor.parse(body) as Root, (node) => {
    if (node.type !== 'link' && node.type !== 'image') return;
    const path = sharedPathOf((node as Link | Image).url);
    if (path !== undefined && !found.includes(path)) found.push(path);
  });
  return found;
}
