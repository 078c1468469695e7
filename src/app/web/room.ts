import { join } from 'node:path';
import { entryInstant } from '../../core/chatlog/query.js';
import type { Identity } from '../../core/identity.js';
import { parseRegistry } from '../../core/registry/parse.js';
import type { Registry } from '../../core/registry/types.js';
import { buildBoard, type Task } from '../../core/tasks/board.js';
import { WAKE_NOTES_REF } from '../../core/wake/notes.js';
import { authorOf, type EntryView, type RoomMember } from '../../core/web/entry-view.js';
import { memberViews, type MemberView } from '../../core/web/member-view.js';
import { pageBefore, windowAround } from '../../core/web/page.js';
import { parseSearch, searchBackwards } from '../../core/web/search.js';
import type { EntryPage, EntryStatus, RoomEvent, RoomInfo } from '../../core/web/room-types.js';
import { readRef } from '../clone/ref-files.js';
import { trackingRef, type Repo } from '../clone/repo.js';
import { ChatIndex, type IndexedEntry } from './chat-index.js';
import { StageIndex } from './stages.js';
import { EntryViews } from './views.js';
import { WakeIndex } from './wake-index.js';

/** Entries whose stage and wakes are followed live (the newest ones, where things change). */
const FOLLOWED = 200;

/**
 * The team's room, read from a clone: the chat (paged, searched, live), members, the task board.
 * The clone's files and git are the only source of truth; the room keeps caches that `refresh`
 * brings up to date (called on file-system events and now and then).
 */
export class Room {
  private readonly index: ChatIndex;
  private readonly stages: StageIndex;
  private readonly wakes: WakeIndex;
  private registry: Registry = { agents: [], humans: [] };
  private views: EntryViews;
  private registryStamp = '';
  private refs = { head: undefined as string | undefined, tracking: undefined as string | undefined, notes: undefined as string | undefined };
  private sent = new Map<string, string>();
  private readonly listeners = new Set<(event: RoomEvent) => void>();
  private syncState = 'starting';

  private constructor(
    private readonly repo: Repo,
    private readonly human: Identity | undefined,
    private readonly now: () => Date,
  ) {
    this.index = new ChatIndex(repo.ports.files, repo.top);
    this.stages = new StageIndex(repo.git);
    this.wakes = new WakeIndex(repo.git);
    this.views = new EntryViews(this.registry, human?.id);
  }

  static async open(repo: Repo, human: Identity | undefined, now: () => Date): Promise<Room> {
    const room = new Room(repo, human, now);
    await room.loadRegistry();
    await room.index.refresh();
    // Who was woken is read in the background (it may take a moment on a long history): the room
    // opens at once, and the entries' wakes follow as a live update.
    await room.readRefs(false);
    void room.wakes.refresh(room.refs.tracking).then((changed) => (changed ? room.emitStatuses() : undefined)).catch(() => undefined);
    return room;
  }

  info(): RoomInfo {
    return {
      team: this.repo.config.team ?? 'team',
      human: this.human ?? null,
      clone: this.repo.identity ?? null,
      members: this.views.members,
      total: this.index.entries.length,
      sync: this.syncState,
    };
  }

  subscribe(listener: (event: RoomEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setSyncState(state: string): void {
    if (state === this.syncState) return;
    this.syncState = state;
    this.emit({ type: 'sync', state });
  }

  /** A page of the history, oldest first: the newest `limit` entries before position `before`. */
  async page(before: number | undefined, limit: number): Promise<EntryPage> {
    const all = this.index.entries;
    const window = pageBefore(all.length, before, limit);
    return { entries: await this.decorate(all.slice(window.start, window.end)), older: window.older, start: window.start, total: all.length };
  }

  /** The entries around one (a search result shown in the chat); undefined when the key is unknown. */
  async around(key: string, size: number): Promise<EntryPage | undefined> {
    const position = this.index.positionOf(key);
    if (position === undefined) return undefined;
    const all = this.index.entries;
    const window = windowAround(all.length, position, size);
    return { entries: await this.decorate(all.slice(window.start, window.end)), older: window.older, start: window.start, total: all.length };
  }

  /** Search, newest first: `more` is the `before` of the next page of results. */
  async search(text: string, before: number | undefined, limit: number): Promise<{ entries: EntryView[]; more: number | null }> {
    const all = this.index.entries;
    const query = parseSearch(text);
    const searchable = all.map((item) => ({ name: item.entry.name, author: authorOf(item.entry, this.views.byName), body: item.entry.body }));
    const { positions, more } = searchBackwards(searchable, query, limit, before);
    return { entries: await this.decorate(positions.map((i) => all[i] as IndexedEntry)), more };
  }

  async members(): Promise<MemberView[]> {
    const all = this.index.entries;
    function* newestFirst() {
      for (let i = all.length - 1; i >= 0; i -= 1) {
        const item = all[i] as IndexedEntry;
        const at = entryInstant(item.entry, item.day);
        yield { entry: item.entry, at: at === undefined || Number.isNaN(at) ? null : new Date(at).toISOString() };
      }
    }
    return memberViews(this.registry, newestFirst(), this.wakes.lastByPeer());
  }

  /** The task board, from the same code as `ois tasks`. */
  tasks(): Task[] {
    const members = this.views.members.map((m) => ({ id: m.id, name: m.name }));
    const entries = this.index.entries.map((item) => ({
      body: item.entry.body,
      at: item.entry.at ?? null,
      time: item.entry.time,
      day: item.day,
      author: authorOf(item.entry, this.views.byName),
      name: item.entry.name,
    }));
    return buildBoard(entries, this.now().getTime(), members);
  }

  /**
   * Brings the caches up to date and tells open pages what changed. New entries go out first, with
   * what is known of their stage (no git call when HEAD did not move); then the refs are read, and
   * stages and wakes that changed follow. Never throws.
   */
  async refresh(what: { shared?: boolean } = {}): Promise<void> {
    try {
      if (await this.loadRegistry()) this.emit({ type: 'members', members: await this.members() });
      const change = await this.index.refresh();
      if (change.added.length > 0 || change.changed.length > 0 || change.removed.length > 0) {
        const added = (await this.decorate(change.added)).map((view) => {
          const position = this.index.positionOf(view.key) ?? 0;
          return { ...view, prevKey: this.index.entries[position - 1]?.key ?? null };
        });
        this.emit({ type: 'entries', added, changed: await this.decorate(change.changed), removed: change.removed });
        if ([...change.added, ...change.changed].some((item) => /task|status|alert/i.test(item.entry.body.slice(0, 120)))) this.emit({ type: 'tasks' });
      }
      const refsMoved = await this.readRefs();
      if (refsMoved || change.added.length > 0) await this.emitStatuses();
      if (refsMoved) this.emit({ type: 'members', members: await this.members() });
      if (what.shared) this.emit({ type: 'files' });
    } catch {
      // A refresh that fails (a file replaced while read, git busy) is retried by the next one.
    }
  }

  private emit(event: RoomEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /** The stages and wakes of the followed entries that changed since they were last sent. */
  private async emitStatuses(): Promise<void> {
    const all = this.index.entries;
    const followed = await this.decorate(all.slice(Math.max(0, all.length - FOLLOWED)));
    const statuses: Record<string, EntryStatus> = {};
    for (const view of followed) {
      const status: EntryStatus = { stage: view.stage ?? null, woken: view.woken ?? [] };
      const text = JSON.stringify(status);
      if (this.sent.get(view.key) === text) continue;
      this.sent.set(view.key, text);
      statuses[view.key] = status;
    }
    if (Object.keys(statuses).length > 0) this.emit({ type: 'status', statuses });
  }

  /** Views with where each entry stands: written, committed, pushed, and whom its commit woke. */
  private async decorate(items: readonly IndexedEntry[]): Promise<EntryView[]> {
    const byDay = new Map<string, string[]>();
    for (const item of items) byDay.set(item.day, [...(byDay.get(item.day) ?? []), item.key]);
    const stages = new Map<string, EntryView['stage']>();
    for (const [day, keys] of byDay) {
      for (const [key, stage] of await this.stages.stagesOf(day, keys, this.refs.head, this.refs.tracking)) stages.set(key, stage);
    }
    return items.map((item) => {
      const view = this.views.view(item);
      const stage = stages.get(item.key);
      if (stage !== undefined) view.stage = stage;
      const woken = this.wakes.wakesOf(item.key);
      if (woken.length > 0) view.woken = woken;
      return view;
    });
  }

  /** Re-reads AGENTS.md when it changed; true when the members may have changed. */
  private async loadRegistry(): Promise<boolean> {
    const { files } = this.repo.ports;
    const path = join(this.repo.top, 'AGENTS.md');
    const info = await files.stat(path).catch(() => undefined);
    const stamp = info ? `${info.mtimeMs}:${info.size}` : 'none';
    if (stamp === this.registryStamp) return false;
    this.registryStamp = stamp;
    const text = (await files.readIfExists(path).catch(() => undefined)) ?? '';
    try {
      this.registry = parseRegistry(text).registry;
    } catch {
      this.registry = { agents: [], humans: [] };
    }
    this.views = new EntryViews(this.registry, this.human?.id);
    return true;
  }

  /** Reads HEAD, the remote-tracking branch and the wake notes ref (and, by default, the wakes when one moved); true when one moved. */
  private async readRefs(wakes = true): Promise<boolean> {
    const { gitDir, ports } = this.repo;
    const [head, tracking, notes] = await Promise.all([
      readRef(ports.files, gitDir, 'HEAD'),
      readRef(ports.files, gitDir, trackingRef(this.repo.config.branch)),
      readRef(ports.files, gitDir, WAKE_NOTES_REF),
    ]);
    const moved = head !== this.refs.head || tracking !== this.refs.tracking || notes !== this.refs.notes;
    this.refs = { head, tracking, notes };
    if (moved && wakes) await this.wakes.refresh(tracking);
    return moved;
  }
}
