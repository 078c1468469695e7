import { findMentions } from '../chatlog/mentions.js';
import { parseChatLog } from '../chatlog/parse.js';
import type { ChatEntry, Member } from '../chatlog/types.js';
import type { Agent } from '../registry/types.js';
import type { WakeEntry } from './choose.js';

/**
 * Whether a repository path is a day's chat log (`chat/YYYY-MM-DD.md`, or any `chat/*.md` at the top
 * of `chat/`).
 *
 * @example isChatLogPath('chat/2026-11-23.md') // true
 * @example isChatLogPath('chat/old/2026-11-23.md') // false
 */
export function isChatLogPath(path: string): boolean {
  return /^chat\/[^/]+\.md$/.test(path);
}

/**
 * Whether a path is a shared file whose change may wake peers (placeholders such as `.gitkeep` are not).
 *
 * @example isSharedFilePath('shared/spec.md') // true
 * @example isSharedFilePath('shared/.gitkeep') // false
 */
export function isSharedFilePath(path: string): boolean {
  return path.startsWith('shared/') && !path.endsWith('/.gitkeep') && path !== 'shared/';
}

/**
 * The entries of a day file that `before` did not have: an entry is known by its id (ois-written), or
 * by its exact text (hand-written, no id). A missing `before` (a new file) makes every entry new.
 *
 * @example newChatEntries(undefined, '## 10:00 - A\n\nhi\n\n---\n').map((e) => e.body) // ['hi']
 */
export function newChatEntries(before: string | undefined, after: string): ChatEntry[] {
  const known = new Set<string>();
  if (before !== undefined) for (const entry of parseChatLog(before).entries) known.add(entryKey(entry));
  return parseChatLog(after).entries.filter((entry) => !known.has(entryKey(entry)));
}

function entryKey(entry: ChatEntry): string {
  return entry.id === undefined ? `raw:${entry.raw.replace(/\r\n/g, '\n').trimEnd()}` : `id:${entry.id}`;
}

/** The registry's members as mentions see them. */
export function membersOf(agents: readonly Agent[]): Member[] {
  return agents.map((agent) => ({ id: agent.id, name: agent.name }));
}

/**
 * A chat entry as the wake core needs it: mentions resolved against `members` (ids of non-members are
 * not mentions); a hand-written entry (no metadata) gets `fallbackAuthor`, e.g. the commit's agent.
 * `path` (its day file) gives the day of entries without an exact time.
 *
 * @example toWakeEntry(entry, [{ id: 'hkh', name: 'HKH' }], 'aria').mentions // { ids: ['hkh'], all: false }
 */
export function toWakeEntry(entry: ChatEntry, members: readonly Member[], fallbackAuthor?: string, path?: string): WakeEntry {
  const wake: WakeEntry = { time: entry.time, name: entry.name, body: entry.body, mentions: findMentions(entry.body, members) };
  const day = /^chat\/(\d{4}-\d{2}-\d{2})\.md$/.exec(path ?? '')?.[1];
  if (day !== undefined) wake.day = day;
  if (entry.id !== undefined) wake.id = entry.id;
  if (entry.at !== undefined) wake.at = entry.at;
  const author = entry.author ?? fallbackAuthor;
  if (author !== undefined) wake.author = author;
  return wake;
}
