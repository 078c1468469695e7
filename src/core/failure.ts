import { OisError } from './errors.js';

/** What a failure says about itself: a Node.js system error (`code`, `path`) or git's stderr. */
interface FailureLike {
  code?: unknown;
  path?: unknown;
  message?: unknown;
  stderr?: unknown;
}

const DISK_FULL = /\bENOSPC\b|No space left on device|\bEDQUOT\b|Disk quota exceeded/i;
const READ_ONLY = /\bEROFS\b|Read-only file system/i;
const CORRUPT =
  /object file .* is empty|loose object .* is corrupt|packed object .* is corrupt|is corrupt|bad object|bad tree object|unable to read tree|inflate: data stream error|invalid object|broken link from|index file corrupt|bad index file|index file smaller than expected|bad signature 0x|unable to parse object|did not receive expected object|missing (?:blob|tree|commit) [0-9a-f]{7,}|fatal: unable to read [0-9a-f]{40}/i;

/**
 * Maps a failure of the machine rather than of ois to a typed error with what to do: a full disk or
 * quota (DISK_FULL), a read-only file system (READ_ONLY), a damaged repository (REPO_CORRUPT). From a
 * Node.js error's `code` or git's messages; undefined for anything else. Never says "a bug in ois".
 *
 * @example classifyFailure({ code: 'ENOSPC', message: "ENOSPC: no space left on device, write" })?.code // 'DISK_FULL'
 */
export function classifyFailure(error: unknown): OisError<'DISK_FULL' | 'READ_ONLY' | 'REPO_CORRUPT'> | undefined {
  if (error instanceof OisError) return undefined;
  const failure = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as FailureLike;
  // git's own lines first (its stderr), then the error's message.
  const text = [failure.code, failure.stderr, failure.message].filter((v): v is string => typeof v === 'string').join('\n');
  const where = typeof failure.path === 'string' ? ` (${failure.path})` : '';
  if (DISK_FULL.test(text)) {
    return new OisError('DISK_FULL', `the disk is full or over its quota${where}: nothing could be written`, {
      hint: 'Free some space on the disk that holds this clone (`df -h .`), then run the command again. Nothing written before was lost.',
      cause: error,
    });
  }
  if (READ_ONLY.test(text)) {
    return new OisError('READ_ONLY', `the file system is read-only${where}: nothing could be written`, {
      hint: 'Remount the disk read-write (or move the clone to a writable disk), then run the command again.',
      cause: error,
    });
  }
  if (CORRUPT.test(text)) {
    const lines = text.split('\n').filter((l) => CORRUPT.test(l));
    const line = (lines.find((l) => l.startsWith('fatal:')) ?? lines[0] ?? '').replace(/^(?:fatal|error): /, '').split(' | ')[0]?.trim() ?? '';
    return new OisError('REPO_CORRUPT', `the clone's git repository is damaged: ${line}`, {
      hint:
        'Run `git fsck --full` here to see what is damaged (a disk that filled up or a crash can leave an empty object file). ' +
        'If it cannot be repaired: `ois join` the team into a new folder, then bring over what was not pushed from this one ' +
        "(in the new clone: `git fetch /path/to/this/clone 'refs/heads/*:refs/old/*' 'refs/ois/backup/*:refs/ois/backup/*'`).",
      cause: error,
    });
  }
  return undefined;
}
