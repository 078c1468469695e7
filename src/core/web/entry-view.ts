import { entryInstant } from '../chatlog/query.js';
import type { ChatEntry } from '../chatlog/types.js';
import type { StructuredKind } from '../tasks/types.js';
import type { WakeRecord } from '../wake/notes.js';
import type { RenderedBody } from './render.js';

/** A member as the room sees them. */
export interface RoomMember {
  id: string;
  name: string;
  kind: 'agent' | 'human';
}

/** How one entry is sent to the page (the body only as sanitized HTML). */
export interface EntryView {
  key: string;
  file: string;
  day: string;
  /** `HH:MM` as in the heading (UTC). */
  time: string;
  /** The exact UTC time (ISO) from ois's metadata, else the day and heading time; null when unreadable. */
  at: string | null;
  /** Whether `at` is exact (ois metadata) or the heading's minute. */
  exact: boolean;
  name: string;
  /** The author's id (metadata, else the member with that name), lower case; null when unknown. */
  author: string | null;
  authorKind: 'agent' | 'human' | null;
  html: string;
  mentions: string[];
  mentionsAll: boolean;
  /** The entry mentions the person reading the room (by id, or through @all). */
  mentionsMe: boolean;
  /** A structured message's shape (Task Request …), or null. */
  shape: StructuredKind | null;
  stage?: 'written' | 'committed' | 'pushed';
  woken?: WakeRecord[];
}

/**
 * The author id of an entry: its metadata's, else the member whose name is the heading's.
 *
 * @example authorOf({ name: 'HKH' }, new Map([['hkh', { id: 'hkh', name: 'HKH', kind: 'agent' }]])) // 'hkh'
 */
export function authorOf(entry: Pick<ChatEntry, 'author' | 'name'>, byName: ReadonlyMap<string, RoomMember>): string | null {
  if (entry.author !== undefined) return entry.author.toLowerCase();
  return byName.get(entry.name.trim().toLowerCase())?.id ?? null;
}

/**
 * The page's view of one entry.
 *
 * @example toEntryView({ key, file, day, entry }, rendered, { byName, byId, me: 'mia', shape: null })
 */
export function toEntryView(
  item: { key: string; file: string; day: string; entry: ChatEntry },
  body: RenderedBody,
  context: { byName: ReadonlyMap<string, RoomMember>; byId: ReadonlyMap<string, RoomMember>; me: string | undefined; shape: StructuredKind | null },
): EntryView {
  const { entry } = item;
  const author = authorOf(entry, context.byName);
  const instant = entryInstant(entry, item.day);
  const me = context.me?.toLowerCase();
  return {
    key: item.key,
    file: item.file,
    day: item.day,
    time: entry.time,
    at: instant === undefined || Number.isNaN(instant) ? null : new Date(instant).toISOString(),
    exact: entry.at !== undefined,
    name: entry.name,
    author,
    authorKind: author === null ? null : (context.byId.get(author)?.kind ?? null),
    html: body.html,
    mentions: body.mentions.ids,
    mentionsAll: body.mentions.all,
    mentionsMe: me !== undefined && author !== me && (body.mentions.all || body.mentions.ids.includes(me)),
    shape: context.shape,
  };
}
