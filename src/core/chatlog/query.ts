import { OisError } from '../errors.js';
import { findMentions } from './mentions.js';
import type { ChatEntry, Member } from './types.js';

/** One entry as `ois log --json` prints it (a stable shape: absent values are `null`). */
export interface LogItem {
  /** Repository-relative path of the day file, `/`-separated (`chat/2026-11-23.md`). */
  file: string;
  id: string | null;
  /** Exact UTC time from the metadata, or null for hand-written entries. */
  at: string | null;
  /** `HH:MM` as in the heading. */
  time: string;
  name: string;
  /** The author's ois id: from the metadata, else the member whose name is the heading's, else null. */
  author: string | null;
  body: string;
  /** Lower-cased ids of the members mentioned; `"all"` for `@all`. */
  mentions: string[];
}

export interface LogFilter {
  /** Inclusive bounds in ms since the epoch. */
  since?: number;
  until?: number;
  /** An id or a display name, case-insensitive. */
  agent?: string;
  /** An id or a display name, case-insensitive; `@all` entries mention everyone. */
  mentions?: string;
}

/**
 * Reads a `--since`/`--until` value: an ISO date (`2026-11-23`: the whole UTC day, so `--until`
 * includes it) or an ISO date-time (`2026-11-23T14:00Z`, `2026-11-23T14:00+02:00`; UTC if no zone).
 *
 * @example parseTimeBound('2026-11-23', 'until') // Date.parse('2026-11-23T23:59:59.999Z')
 */
export function parseTimeBound(value: string, side: 'since' | 'until'): number {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(value);
  const ms = Date.parse(date ? `${value}T00:00:00Z` : zoned ? value : `${value}Z`);
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    throw new OisError('USAGE', `--${side} "${value}" is not an ISO date or date-time`, {
      hint: 'Use e.g. 2026-11-23 or 2026-11-23T14:00Z.',
    });
  }
  return date && side === 'until' ? ms + 86_399_999 : ms;
}

/**
 * When an entry was written: its `at`, else the day file's date with the heading's HH:MM (UTC).
 *
 * @example entryInstant({ time: '14:32', … }, '2026-11-23') // Date.parse('2026-11-23T14:32:00Z')
 */
export function entryInstant(entry: Pick<ChatEntry, 'at' | 'time'>, day: string): number | undefined {
  if (entry.at !== undefined) return Date.parse(entry.at);
  const match = /^(\d{2}):(\d{2})$/.exec(entry.time);
  if (!match) return undefined;
  const ms = Date.parse(`${day}T${match[1]}:${match[2]}:00Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The log item for an entry, or undefined when the filter leaves it out.
 *
 * @example toLogItem(entry, 'chat/2026-11-23.md', '2026-11-23', members, { agent: 'aria' })
 */
export function toLogItem(entry: ChatEntry, file: string, day: string, members: readonly Member[], filter: LogFilter): LogItem | undefined {
  const when = entryInstant(entry, day);
  if (filter.since !== undefined && (when === undefined || when < filter.since)) return undefined;
  if (filter.until !== undefined && (when === undefined || when > filter.until)) return undefined;
  const byName = members.find((m) => m.name.toLowerCase() === entry.name.toLowerCase());
  const author = entry.author ?? byName?.id ?? null;
  if (filter.agent !== undefined && !sameAgent(filter.agent, [author, entry.name], members)) return undefined;
  const found = findMentions(entry.body, members);
  const mentions = found.all ? [...found.ids, 'all'] : found.ids;
  if (filter.mentions !== undefined) {
    const wanted = resolveId(filter.mentions, members);
    if (!found.all && !found.ids.includes(wanted)) return undefined;
  }
  return { file, id: entry.id ?? null, at: entry.at ?? null, time: entry.time, name: entry.name, author, body: entry.body, mentions };
}

function sameAgent(query: string, values: readonly (string | null)[], members: readonly Member[]): boolean {
  const wanted = new Set([query.toLowerCase(), resolveId(query, members)]);
  return values.some((v) => v !== null && wanted.has(v.toLowerCase()));
}

/** The member id a query names (by id or by name), lower-cased; the query itself when no member matches. */
function resolveId(query: string, members: readonly Member[]): string {
  const q = query.toLowerCase().replace(/^@/, '');
  return (members.find((m) => m.id.toLowerCase() === q || m.name.toLowerCase() === q)?.id ?? q).toLowerCase();
}
