import type { Task } from '../../core/tasks/board.js';
import type { EntryView } from '../../core/web/entry-view.js';
import type { MemberView } from '../../core/web/member-view.js';
import type { EntryPage, PostedView, RoomEvent, RoomInfo } from '../../core/web/room-types.js';

/** What the web server serves: the room (app/web), behind this small interface. */
export interface WebBackend {
  info(): RoomInfo;
  page(before: number | undefined, limit: number): Promise<EntryPage>;
  around(key: string, size: number): Promise<EntryPage | undefined>;
  search(text: string, before: number | undefined, limit: number): Promise<{ entries: EntryView[]; more: number | null }>;
  members(): Promise<MemberView[]>;
  tasks(): Task[];
  files(): Promise<{ files: Array<{ path: string; size: number; modified: string }>; truncated: boolean }>;
  /** A file under `shared/`, at most `maxBytes` of it; throws NOT_FOUND outside `shared/`. */
  readFile(path: string, maxBytes: number): Promise<{ path: string; size: number; bytes: Buffer; truncated: boolean }>;
  /** Posts as the room's person; throws NOT_A_HUMAN when the room is read-only. */
  post(body: string, attachments: Array<{ name: string; bytes: Uint8Array }>): Promise<PostedView>;
  subscribe(listener: (event: RoomEvent) => void): () => void;
}
