import { join } from 'node:path';
import { appendEntry, dayFileName, formatDayTitle, formatEntry, newEntryId } from '../../core/chatlog/format.js';
import { firstSecret } from '../../core/chatlog/hold.js';
import { RULE } from '../../core/chatlog/scan.js';
import { readBlobs } from '../../core/git/objects.js';
import { OisError } from '../../core/errors.js';
import type { Identity } from '../../core/identity.js';
import type { Repo } from '../clone/repo.js';

/** The clock and the randomness an append uses (injected, so tests pin the id and the time). */
export interface AppendDeps {
  now: () => Date;
  /** `size` random bytes (crypto quality). */
  randomBytes: (size: number) => Uint8Array;
}

export interface AppendedEntry {
  /** Repository-relative, `/`-separated (`chat/2026-11-23.md`). */
  file: string;
  id: string;
  /** Exact UTC time, ISO 8601. */
  at: string;
}

/** `.git/ois/chat.lock`: held for one read-modify-write of a day file, and by each cycle for its local steps (commit, work-tree update). */
export const CHAT_LOCK = 'chat.lock';

/**
 * Appends one entry by `identity` to today's UTC day file, creating it with its title when needed.
 * The read-modify-write runs under `.git/ois/chat.lock` (O_EXCL), so two `ois say` at once on one
 * clone both land; the write is atomic (temp file + rename), so a reader or a crash never sees half.
 * The time and id are taken inside the lock, so a clone's own entries are in time order in the file.
 * `prepare` runs under the lock first. Throws USAGE for an empty message or one holding a literal
 * secret (nothing is written: the sync would hold that entry back anyway), RECOVERY_REFUSED when
 * `chat/` or the day file is a symbolic link (ois writes only inside the clone).
 */
export async function appendChatEntry(repo: Repo, identity: Identity, body: string, deps: AppendDeps, prepare?: () => Promise<void>): Promise<AppendedEntry> {
  if (body.trim() === '') throw new OisError('USAGE', 'the message is empty', { hint: 'Give the message as arguments or on standard input.' });
  const secret = firstSecret(body);
  if (secret) {
    throw new OisError('USAGE', `the message holds ${secret.description} (line ${secret.line}, column ${secret.column}) that looks like a literal secret: nothing was written`, {
      hint: 'Remove it: tokens belong in the environment or `ois token set ID`, never in the chat (and rotate a token that was ever pushed).',
    });
  }
  return withChatLock(repo, async () => {
    // Files the entry links to (ois web's attachments) land under the same lock: no commit takes them without it.
    await prepare?.();
    const at = deps.now().toISOString();
    const id = newEntryId(deps.randomBytes);
    const text = formatEntry({ id, at, author: identity.id, name: identity.name, body });
    const file = dayFileName(at);
    const path = join(repo.top, ...file.split('/'));
    await refuseSymlink(repo, join(repo.top, 'chat'), 'chat');
    await refuseSymlink(repo, path, file);
    const existing = await repo.ports.files.readIfExists(path);
    const base = existing === undefined || existing === '' ? formatDayTitle(at.slice(0, 10)) : existing;
    await repo.ports.files.writeAtomic(path, endsOpen(base) ? await beforeOpenEntry(repo, file, base, text) : appendEntry(base, text));
    return { file, id, at };
  });
}

/** Whether the file's last line is not a `---`: its last entry may still be being written. */
function endsOpen(text: string): boolean {
  const lines = text.trimEnd().split(/\r?\n/);
  return lines.length > 1 && !RULE.test(lines.at(-1) ?? '');
}

/** The entry placed before an uncommitted entry still being written (see placeEntry); the parser is loaded only here. */
async function beforeOpenEntry(repo: Repo, file: string, existing: string, text: string): Promise<string> {
  const [{ placeEntry }, [committed]] = await Promise.all([import('../../core/chatlog/place.js'), repo.git.exec(readBlobs([`HEAD:${file}`])).catch(() => [undefined])]);
  return placeEntry(existing, text, committed);
}

/**
 * Runs `fn` holding `.git/ois/chat.lock` (a file lock of the Locks port; docs/locking.md). Appends hold
 * it for milliseconds, and each sync cycle for its local steps (commit, then the work-tree update), so
 * that no append lands between the two. Waits up to 5 minutes (a cycle's local steps under heavy load
 * take seconds at most); a lock left by a killed process is taken over at once.
 */
export function withChatLock<T>(repo: Pick<Repo, 'stateDir' | 'ports'>, fn: () => Promise<T>): Promise<T> {
  return repo.ports.locks.withFile(join(repo.stateDir, CHAT_LOCK), fn, { timeoutMs: 5 * 60_000 });
}

async function refuseSymlink(repo: Repo, path: string, shown: string): Promise<void> {
  const info = await repo.ports.files.stat(path).catch(() => undefined);
  if (info?.kind !== 'symlink') return;
  throw new OisError('RECOVERY_REFUSED', `${shown} is a symbolic link; ois writes chat entries only inside the clone`, {
    hint: `Replace ${shown} with a real ${shown === 'chat' ? 'folder' : 'file'}.`,
  });
}
