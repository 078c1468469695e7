import { commitsWithFiles, type CommitFiles } from '../../core/git/history.js';
import { listNotes } from '../../core/git/notes.js';
import { readBlobs } from '../../core/git/objects.js';
import { isChatLogPath } from '../../core/wake/carried.js';
import { parseWakeNote, WAKE_NOTES_REF, type WakeRecord } from '../../core/wake/notes.js';
import type { Git } from '../../ports/index.js';
import { indexDay } from './chat-index.js';

/** Commits read when the room starts (older entries show as pushed, without their wakes). */
const FIRST_SCAN = 60;
/** Commits read at most per refresh. */
const SCAN_LIMIT = 200;
/** A commit that touches more day files than this is a bulk change (an import, a migration), not a conversation: not read. */
const MAX_DAYS_PER_COMMIT = 8;

/**
 * Who was woken for which entry, from the wake notes (`refs/notes/ois-wakes`, docs/waking.md): the
 * pushed commits that carried entries are read as they arrive (the last few dozen when the room
 * starts), and each commit's note gives the wakes of its entries.
 */
export class WakeIndex {
  private carrier = new Map<string, string>();
  private scannedTo: string | undefined;
  private noteBlobs = new Map<string, string>();
  private records = new Map<string, WakeRecord[]>();
  private running: Promise<boolean> = Promise.resolve(false);

  constructor(private readonly git: Git) {}

  /** The wake records of the commit that carried `key` (empty when unknown). */
  wakesOf(key: string): WakeRecord[] {
    const sha = this.carrier.get(key);
    return sha === undefined ? [] : (this.records.get(sha) ?? []);
  }

  /** The latest record about each peer among the commits read (for the members' "last wake"). */
  lastByPeer(): Map<string, WakeRecord> {
    const last = new Map<string, WakeRecord>();
    for (const list of this.records.values()) {
      for (const record of list) if ((last.get(record.peer)?.at ?? '') < record.at) last.set(record.peer, record);
    }
    return last;
  }

  /** Reads the commits pushed since the last call (up to `tip`), then the notes; true when anything changed. */
  refresh(tip: string | undefined): Promise<boolean> {
    // One refresh at a time: a second call waits for the first, then reads what is still new.
    const next = this.running.then(() => this.refreshNow(tip), () => this.refreshNow(tip));
    this.running = next.catch(() => false);
    return next;
  }

  private async refreshNow(tip: string | undefined): Promise<boolean> {
    let changed = false;
    if (tip !== undefined && tip !== this.scannedTo) {
      const range = this.scannedTo === undefined ? [tip] : [tip, `^${this.scannedTo}`];
      const max = this.scannedTo === undefined ? FIRST_SCAN : SCAN_LIMIT;
      const commits = await this.git.exec(commitsWithFiles(range, { maxCommits: max, paths: ['chat/'] })).catch((): CommitFiles[] => []);
      await this.readCarried(commits);
      this.scannedTo = tip;
      changed = true;
    }
    return (await this.readNotes()) || changed;
  }

  private async readCarried(all: readonly CommitFiles[]): Promise<void> {
    const rows = all.filter((row) => row.files.filter(isChatLogPath).length <= MAX_DAYS_PER_COMMIT);
    const wanted: string[] = [];
    for (const row of rows) {
      // A root commit has no parent: its placeholder names nothing, so cat-file reports it missing.
      for (const path of row.files.filter(isChatLogPath)) wanted.push(`${row.sha}:${path}`, row.parent === undefined ? `${row.sha}:` : `${row.parent}:${path}`);
    }
    const texts = wanted.length === 0 ? [] : await this.git.exec(readBlobs(wanted));
    let at = 0;
    for (const row of rows) {
      for (const path of row.files.filter(isChatLogPath)) {
        const day = /(\d{4}-\d{2}-\d{2})\.md$/.exec(path)?.[1] ?? '';
        const after = indexDay(day, path, texts[at] ?? '');
        const before = new Set(indexDay(day, path, texts[at + 1] ?? '').map((e) => e.key));
        at += 2;
        // `git log` lists newest first; an entry is new in the one commit that added it.
        for (const item of after) if (!before.has(item.key)) this.carrier.set(item.key, row.sha);
      }
    }
  }

  private async readNotes(): Promise<boolean> {
    const notes = await this.git.exec(listNotes(WAKE_NOTES_REF)).catch(() => new Map<string, string>());
    const carriers = new Set(this.carrier.values());
    const fresh: Array<[string, string]> = [];
    for (const [sha, blob] of notes) {
      if (!carriers.has(sha) || this.noteBlobs.get(sha) === blob) continue;
      fresh.push([sha, blob]);
    }
    if (fresh.length === 0) return false;
    const texts = await this.git.exec(readBlobs(fresh.map(([, blob]) => blob)));
    fresh.forEach(([sha, blob], i) => {
      this.noteBlobs.set(sha, blob);
      this.records.set(sha, parseWakeNote(texts[i] ?? ''));
    });
    return true;
  }
}
