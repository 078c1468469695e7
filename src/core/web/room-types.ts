import type { Identity } from '../identity.js';
import type { EntryView, RoomMember } from './entry-view.js';
import type { MemberView } from './member-view.js';

/** What the room pushes to open pages (server-sent events; docs/web.md, "API"). */
export type RoomEvent =
  | { type: 'entries'; added: Array<EntryView & { prevKey: string | null }>; changed: EntryView[]; removed: string[] }
  | { type: 'status'; statuses: Record<string, EntryStatus> }
  | { type: 'members'; members: MemberView[] }
  | { type: 'tasks' }
  | { type: 'files' }
  | { type: 'sync'; state: string };

/** Where an entry stands (sent live when it changes). */
export interface EntryStatus {
  stage: NonNullable<EntryView['stage']> | null;
  woken: NonNullable<EntryView['woken']>;
}

export interface RoomInfo {
  team: string;
  /** Who posts from this room; null: read-only. */
  human: Identity | null;
  /** The clone's own identity (the agent whose clone this is), if any. */
  clone: Identity | null;
  members: RoomMember[];
  total: number;
  sync: string;
}

export interface EntryPage {
  entries: EntryView[];
  /** `before` for the next older page; null at the beginning of the history. */
  older: number | null;
  /** Position of the first entry returned. */
  start: number;
  total: number;
}


/** What posting from the room wrote. */
export interface PostedView {
  file: string;
  id: string;
  at: string;
  /** Repository paths of the saved attachments. */
  attachments: string[];
}
