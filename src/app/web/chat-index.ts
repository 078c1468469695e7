import { join } from 'node:path';
import { parseChatLog } from '../../core/chatlog/parse.js';
import type { ChatEntry } from '../../core/chatlog/types.js';
import { entryKeys } from '../../core/web/entry-key.js';
import type { Files } from '../../ports/index.js';

/** One entry of the room, in the history's order (days oldest first, file order within a day). */
export interface IndexedEntry {
  key: string;
  /** `chat/2026-11-23.md`. */
  file: string;
  day: string;
  entry: ChatEntry;
}

/** What one refresh found: entries new to the room (in order), entries whose text changed, keys gone. */
export interface IndexChange {
  added: IndexedEntry[];
  changed: IndexedEntry[];
  removed: string[];
}

const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.md$/;

interface DayState {
  /** mtime and size when read: a file that kept both is not read again. */
  stamp: string;
  entries: IndexedEntry[];
}

/**
 * The chat history of a clone in memory, for the room: every `chat/YYYY-MM-DD.md` (as `ois log` reads
 * them: a day file that is a symbolic link is never read), parsed once and re-read only when a file's
 * size or mtime changes. The files stay the only source of truth; this is a cache that `refresh`
 * brings up to date (file events are hints).
 */
export class ChatIndex {
  private days = new Map<string, DayState>();
  private list: IndexedEntry[] = [];
  private positions: Map<string, number> | undefined;

  constructor(
    private readonly files: Files,
    private readonly top: string,
  ) {}

  /** Every entry, oldest first (do not modify). */
  get entries(): readonly IndexedEntry[] {
    return this.list;
  }

  /** The position of an entry in `entries`, or undefined. */
  positionOf(key: string): number | undefined {
    this.positions ??= new Map(this.list.map((item, i) => [item.key, i]));
    return this.positions.get(key);
  }

  /** Re-reads the day files that changed (all of them the first time); returns what changed. */
  async refresh(): Promise<IndexChange> {
    const dir = join(this.top, 'chat');
    const names = ((await this.files.list(dir).catch(() => undefined)) ?? []).filter((n) => DAY_FILE.test(n)).sort();
    const change: IndexChange = { added: [], changed: [], removed: [] };
    let touched = false;
    const present = new Set<string>();
    // Stat every day file at once (a long history has hundreds), then read only the ones that changed.
    const stamps = await Promise.all(names.map((name) => this.files.stat(join(dir, name)).then((info) => (info?.kind === 'file' ? `${info.mtimeMs}:${info.size}` : undefined), () => undefined)));
    for (const [i, name] of names.entries()) {
      const day = DAY_FILE.exec(name)?.[1] ?? '';
      present.add(day);
      const stamp = stamps[i];
      if (stamp === undefined) continue;
      const old = this.days.get(day);
      if (old?.stamp === stamp) continue;
      const text = await this.files.readText(join(dir, name)).catch(() => undefined);
      if (text === undefined) continue;
      const entries = indexDay(day, `chat/${name}`, text);
      diffDay(old?.entries ?? [], entries, change);
      this.days.set(day, { stamp, entries });
      touched = true;
    }
    for (const [day, state] of this.days) {
      if (present.has(day)) continue;
      change.removed.push(...state.entries.map((e) => e.key));
      this.days.delete(day);
      touched = true;
    }
    if (touched) this.rebuild();
    return change;
  }

  private rebuild(): void {
    this.list = [...this.days.keys()].sort().flatMap((day) => this.days.get(day)?.entries ?? []);
    this.positions = undefined;
  }
}

/** The entries of one day file with their keys. */
export function indexDay(day: string, file: string, text: string): IndexedEntry[] {
  const entries = parseChatLog(text).entries;
  const keys = entryKeys(day, entries);
  return entries.map((entry, i) => ({ key: keys[i] ?? '', file, day, entry }));
}

function diffDay(before: readonly IndexedEntry[], after: readonly IndexedEntry[], change: IndexChange): void {
  const old = new Map(before.map((e) => [e.key, e]));
  for (const item of after) {
    const was = old.get(item.key);
    if (was === undefined) change.added.push(item);
    else if (was.entry.raw !== item.entry.raw) change.changed.push(item);
    old.delete(item.key);
  }
  change.removed.push(...old.keys());
}
