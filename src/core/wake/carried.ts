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

/** What one commit carried: its new chat entries (mentions resolved) and new or changed shared files. */
export interface CarriedCommit {
  sha: string;
  /** The agent id of the commit's author (`aria@ois.invalid` → `aria`), if ois made it. */
  author?: string;
  entries: WakeEntry[];
  sharedFiles: string[];
}

/**
 * The ois agent id of a commit author's e-mail (`aria@ois.invalid` → `aria`), undefined for others.
 *
 * @example authorId('aria@ois.invalid') // 'aria'
 * @example authorId('mia@example.com') // undefined
 */
export function authorId(email: string): string | undefined {
  return /^([a-z0-9][a-z0-9-]*)@ois\.invalid$/.exec(email.trim())?.[1];
}

/**
 * What the commits of `rows` (oldest first) carried, reading file versions through `blob(rev:path)`:
 * for each changed chat log the entries its parent did not have, mentions resolved against `agents`;
 * the added or modified shared files. An entry seen in an earlier row is not repeated; commits that
 * carried nothing are left out, and so are those of `skipAuthor`.
 *
 * @example carriedBy([{ sha, parent, email: 'aria@ois.invalid', files: ['chat/2026-11-23.md'] }], (n) => texts.get(n), agents)
 * // [{ sha, author: 'aria', entries: [the new entries], sharedFiles: [] }]
 */
export function carriedBy(
  rows: ReadonlyArray<{ sha: string; parent?: string; email: string; files: readonly string[] }>,
  blob: (name: string) => string | undefined,
  agents: readonly Agent[],
  skipAuthor?: string,
): CarriedCommit[] {
  const members = membersOf(agents);
  const seen = new Set<string>();
  const commits: CarriedCommit[] = [];
  for (const { sha, parent, email, files } of rows) {
    const author = authorId(email);
    if (author !== undefined && author === skipAuthor?.toLowerCase()) continue;
    const entries: WakeEntry[] = [];
    for (const path of files.filter(isChatLogPath)) {
      const after = blob(`${sha}:${path}`);
      if (after === undefined) continue;
      const before = parent === undefined ? undefined : blob(`${parent}:${path}`);
      for (const entry of newChatEntries(before, after)) {
        const key = entry.id ?? entry.raw;
        if (seen.has(key)) continue;
        seen.add(key);
        entries.push(toWakeEntry(entry, members, author, path));
      }
    }
    const sharedFiles = files.filter(isSharedFilePath);
    if (entries.length === 0 && sharedFiles.length === 0) continue;
    commits.push(author === undefined ? { sha, entries, sharedFiles } : { sha, author, entries, sharedFiles });
  }
  return commits;
}
