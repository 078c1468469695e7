import type { ChatEntry } from '../chatlog/types.js';
import type { Registry } from '../registry/types.js';
import { parseStructured } from '../tasks/parse.js';
import type { WakeRecord } from '../wake/notes.js';
import { authorOf, type RoomMember } from './entry-view.js';

/** One member in the room's side panel. */
export interface MemberView {
  id: string;
  name: string;
  role: string | null;
  kind: 'agent' | 'human';
  /** The registry's free `Status` field. */
  registryStatus: string | null;
  /** Their last Status Update in the chat: status, current task, when (ISO or the day and time). */
  lastStatus: { status: string; currentTask: string | null; at: string } | null;
  /** When they last wrote (ISO, or the day and heading time). */
  lastEntryAt: string | null;
  /** The last wake of this member that the room knows of (agents only). */
  lastWake: { status: WakeRecord['status']; outcome: string | null; at: string; by: string } | null;
}

/** The entries as the members view reads them: newest first, each with when it was written (ISO). */
export interface DatedEntry {
  entry: Pick<ChatEntry, 'author' | 'name' | 'body'>;
  at: string | null;
}

/** How many entries, newest first, are searched for each member's last entry and status. */
export const MEMBER_SCAN_LIMIT = 20_000;

/**
 * The members panel: every agent and human of the registry, with their last Status Update and last
 * entry (searched from the newest entry back, at most MEMBER_SCAN_LIMIT entries) and their last wake.
 *
 * @example memberViews(registry, newestFirst, new Map([['hkh', record]]))
 */
export function memberViews(registry: Registry, newestFirst: Iterable<DatedEntry>, lastWakes: ReadonlyMap<string, WakeRecord>): MemberView[] {
  const members: RoomMember[] = [
    ...registry.agents.map((a) => ({ id: a.id, name: a.name, kind: 'agent' as const })),
    ...registry.humans.map((h) => ({ id: h.id, name: h.name, kind: 'human' as const })),
  ];
  const byName = new Map(members.map((m) => [m.name.trim().toLowerCase(), m]));
  const lastEntry = new Map<string, string>();
  const lastStatus = new Map<string, NonNullable<MemberView['lastStatus']>>();
  let scanned = 0;
  for (const { entry, at } of newestFirst) {
    if (scanned++ >= MEMBER_SCAN_LIMIT || (lastEntry.size === members.length && lastStatus.size === members.length)) break;
    const author = authorOf(entry, byName);
    if (author === null || at === null) continue;
    if (!lastEntry.has(author)) lastEntry.set(author, at);
    if (lastStatus.has(author) || !/status[ _-]?update/i.test(entry.body.slice(0, 200))) continue;
    const message = parseStructured(entry.body);
    if (message?.kind !== 'status-update') continue;
    const status = message.fields.Status?.value ?? '';
    lastStatus.set(author, { status, currentTask: message.fields.CurrentTask?.value ?? null, at });
  }
  return members.map((member) => {
    const section = member.kind === 'agent' ? registry.agents.find((a) => a.id === member.id) : registry.humans.find((h) => h.id === member.id);
    const wake = member.kind === 'agent' ? lastWakes.get(member.id) : undefined;
    return {
      id: member.id,
      name: member.name,
      role: section?.role ?? null,
      kind: member.kind,
      registryStatus: section?.status ?? null,
      lastStatus: lastStatus.get(member.id) ?? null,
      lastEntryAt: lastEntry.get(member.id) ?? null,
      lastWake: wake === undefined ? null : { status: wake.status, outcome: wake.outcome ?? null, at: wake.at, by: wake.by },
    };
  });
}
