import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { readBlobs } from '../../core/git/objects.js';
import type { FileInfo, Files } from '../../ports/index.js';
import { guardChatLog, type GuardNotice } from '../../core/chatlog/guard.js';
import type { Identity } from '../../core/identity.js';
import type { SyncNotice } from '../../core/sync/notices.js';
import type { Repo } from '../clone/repo.js';

/** What the commit step does with the changed day files (see guardChatLog). */
export interface ChatPlan {
  /** Files to stage as they are in the work tree (the guard kept them byte for byte). */
  add: string[];
  /** Files whose guarded text is staged instead of the working file. */
  texts: Array<{ path: string; text: string }>;
  /** Changed files with nothing to commit (everything new held back, or only the working file to repair). */
  none: string[];
  /** Each file to commit: its text at HEAD (undefined when new) and as committed. */
  changes: Map<string, { before?: string; after: string }>;
  notices: SyncNotice[];
  /** Files left with changes that are not committed (held entries): the work-tree update carries them. */
  dirty: string[];
  /** When a waiting entry (no closing `---`) will have been quiet long enough: commit again then. */
  retryAt?: number;
  /** Working files to repair after the commit (restored entries, refused edits undone), if still as read. */
  repairs: Array<{ path: string; expected: string | undefined; text: string }>;
  /** Refused edits to keep aside in `.git/ois/kept/`. */
  kept: Array<{ path: string; notice: SyncNotice; text: string }>;
}

export interface Snapshot {
  text: string | undefined;
  /** mtime (ms) and size as read, to tell whether the file changed before `git add` saw it. */
  stamp: string;
  mtimeMs: number;
}

/** A plan with what the guard read of each file (to tell whether it changed before `git add`). */
export type PlannedChat = ChatPlan & { snapshots: Map<string, Snapshot> };

/**
 * Reads HEAD's and the working version of each changed day file (HEAD's in one `git cat-file --batch`)
 * and runs the guard on each. Nothing is written here.
 */
export async function planChatCommit(repo: Repo, identity: Identity, paths: readonly string[], now: number): Promise<PlannedChat> {
  const plan: PlannedChat = { add: [], texts: [], none: [], changes: new Map(), notices: [], dirty: [], repairs: [], kept: [], snapshots: new Map() };
  if (paths.length === 0) return plan;
  const committed = await repo.git.exec(readBlobs(paths.map((path) => `HEAD:${path}`)));
  const waitMs = repo.config.sync.incompleteEntryWaitMs;
  for (const [index, path] of paths.entries()) {
    const snapshot = await readSnapshot(repo.ports.files, join(repo.top, path));
    plan.snapshots.set(path, snapshot);
    const before = committed[index];
    const result = guardChatLog({
      committed: before,
      working: snapshot.text,
      self: identity,
      incompleteQuiet: now - snapshot.mtimeMs >= waitMs,
    });
    for (const notice of result.notices) {
      const shown = toSyncNotice(path, notice, waitMs);
      if (notice.kind === 'kept-original' && notice.edited !== undefined) plan.kept.push({ path, notice: shown, text: notice.edited });
      else plan.notices.push(shown);
      if (notice.kind === 'waiting') plan.retryAt = Math.min(plan.retryAt ?? Infinity, snapshot.mtimeMs + waitMs);
    }
    if (result.working !== undefined) plan.repairs.push({ path, expected: snapshot.text, text: result.working });
    const after = result.commit;
    if (after === undefined) plan.none.push(path);
    else {
      if (after === snapshot.text) plan.add.push(path);
      else plan.texts.push({ path, text: after });
      plan.changes.set(path, before === undefined ? { after } : { before, after });
    }
    if ((result.working ?? snapshot.text) !== (after ?? before)) plan.dirty.push(path);
  }
  return plan;
}

/**
 * After `git add`: a day file that changed between the guard's read and the add may have been staged
 * unguarded; its guarded text is staged instead (the new write is guarded by the next cycle).
 */
export async function changedSinceRead(repo: Repo, plan: PlannedChat): Promise<string[]> {
  const changed: string[] = [];
  for (const path of plan.add) {
    const now = await stampOf(repo.ports.files, join(repo.top, path));
    if (now !== plan.snapshots.get(path)?.stamp) changed.push(path);
  }
  return changed;
}

/**
 * Writes the repaired working files (compare-and-swap on what was read: an agent's write meanwhile is
 * never clobbered, the next cycle guards it) and keeps refused edits in `.git/ois/kept/`. Returns the
 * notices with where each edit was kept.
 */
export async function applyChatRepairs(repo: Repo, plan: ChatPlan): Promise<SyncNotice[]> {
  const { files } = repo.ports;
  for (const repair of plan.repairs) await files.replaceIfUnchanged(join(repo.top, repair.path), repair.expected, repair.text);
  const notices: SyncNotice[] = [];
  if (plan.kept.length > 0) await files.mkdir(join(repo.stateDir, 'kept'));
  for (const kept of plan.kept) {
    const hash = createHash('sha1').update(`${kept.path}\0${kept.text}`).digest('hex').slice(0, 10);
    const name = `${kept.path.replace(/[^A-Za-z0-9.-]+/g, '-')}-line${kept.notice.line}-${hash}.md`;
    const header = `<!-- ois: an edit to ${kept.notice.heading ?? 'an entry'} in ${kept.path}, not committed: ${kept.notice.message} -->\n`;
    await files.writeText(join(repo.stateDir, 'kept', name), header + kept.text);
    notices.push({ ...kept.notice, kept: `.git/ois/kept/${name}` });
  }
  return notices;
}

function toSyncNotice(path: string, notice: GuardNotice, waitMs: number): SyncNotice {
  const message = notice.kind === 'waiting' ? notice.message.replace('a few seconds', `${Math.round(waitMs / 100) / 10} s`) : notice.message;
  return { kind: notice.kind, path, line: notice.line, column: notice.column, heading: notice.heading, message };
}

async function readSnapshot(files: Files, path: string): Promise<Snapshot> {
  const info = await files.stat(path).catch(() => undefined);
  const text = info?.kind === 'file' ? await files.readIfExists(path) : undefined;
  return { text, stamp: stamp(info), mtimeMs: info?.mtimeMs ?? 0 };
}

async function stampOf(files: Files, path: string): Promise<string> {
  return stamp(await files.stat(path).catch(() => undefined));
}

function stamp(info: FileInfo | undefined): string {
  return info ? `${info.mtimeMs} ${info.size} ${info.ino}` : 'none';
}
