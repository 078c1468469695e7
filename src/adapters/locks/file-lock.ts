import { hostname } from 'node:os';
import { mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { OisError } from '../../core/errors.js';
import { classifyFailure } from '../../core/failure.js';
import type { Clock } from '../../ports/clock.js';
import type { FileLockOptions } from '../../ports/locks.js';
import type { Random } from '../../ports/random.js';

/** Past this, a lock is stale whoever holds it: no critical section of ois lasts this long. */
const MAX_HOLD_MS = 15 * 60_000;
/**
 * A holder writes its line microseconds after creating the file: an empty lock file older than this was
 * left by a crash between the two (or a full disk a holder could not clean up after), and is stale.
 */
const EMPTY_STALE_MS = 2_000;

export interface FileLockDeps {
  clock: Pick<Clock, 'now' | 'sleep'>;
  random: Pick<Random, 'fraction'>;
  /** This process's id, written into the lock (the System port's `pid`). */
  pid: number;
}

/**
 * Runs `fn` while holding a small lock file, created with O_EXCL (`wx`): the short read-modify-write
 * critical sections of one clone (appending a chat entry, a cycle's local steps) use it. The file
 * holds `pid host time`. A lock whose process is gone (same host) is stale and is removed; so is one
 * older than `staleMs` whose holder cannot be checked, an empty one older than 2 s, and any lock older
 * than 15 minutes. A lock file that was created but could not be filled (a full disk) is removed at
 * once and the failure thrown, typed (DISK_FULL …): it never makes the next command wait.
 * Waiters retry with a jittered back-off from 5 ms up to 100 ms (the Clock port's sleep); after
 * `timeoutMs`: LOCKED.
 *
 * Residual race (documented in docs/locking.md): two waiters that both judge the same lock stale could
 * both remove it within microseconds of each other; staleness needs a dead process or a minute of age,
 * so in practice this needs a crash and then two writers in the same instant.
 *
 * @example await withFileLock(join(repo.stateDir, 'chat.lock'), () => appendTheEntry(), {}, deps)
 */
export async function withFileLock<T>(path: string, fn: () => Promise<T>, options: FileLockOptions, deps: FileLockDeps): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const staleMs = options.staleMs ?? 60_000;
  const now = (): number => deps.clock.now().getTime();
  await mkdir(dirname(path), { recursive: true });
  const deadline = now() + timeoutMs;
  for (let attempt = 0; ; attempt += 1) {
    if (await tryCreate(path, `${deps.pid} ${hostname()} ${deps.clock.now().toISOString()}\n`)) break;
    if (await removeIfStale(path, staleMs, now())) continue;
    if (now() > deadline) {
      throw new OisError('LOCKED', `${path} is held by another ois process`, {
        hint: `If no ois command is running for this clone, delete ${path} and try again.`,
      });
    }
    await deps.clock.sleep(Math.round(Math.min(100, 5 * 2 ** attempt) * (0.5 + deps.random.fraction())));
  }
  try {
    return await fn();
  } finally {
    await unlink(path).catch(() => undefined);
  }
}

async function tryCreate(path: string, line: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw classifyFailure(error) ?? error;
  }
  try {
    await handle.writeFile(line);
    await handle.close();
    return true;
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(path).catch(() => undefined);
    throw classifyFailure(error) ?? error;
  }
}

async function removeIfStale(path: string, staleMs: number, now: number): Promise<boolean> {
  let content: string;
  let mtimeMs: number;
  try {
    content = await readFile(path, 'utf8');
    mtimeMs = (await stat(path)).mtimeMs;
  } catch {
    return true; // gone meanwhile: try again at once
  }
  const [pid, host] = content.trim().split(' ');
  // The file's age is measured by the file system's clock against ours: both are this machine's.
  const age = now - mtimeMs;
  const checkable = pid !== undefined && /^\d+$/.test(pid) && host === hostname();
  // An empty file is a holder between its create and its write (microseconds): stale once it is not new.
  const stale = content === '' ? age > EMPTY_STALE_MS : checkable ? !alive(Number(pid)) || age > MAX_HOLD_MS : age > staleMs;
  if (!stale) return false;
  // Only remove what we judged: if the content changed meanwhile, someone else took it.
  const again = await readFile(path, 'utf8').catch(() => undefined);
  if (again !== content) return again === undefined;
  await unlink(path).catch(() => undefined);
  return true;
}

/** Whether a process with this id runs on this machine (EPERM: it does, as another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
