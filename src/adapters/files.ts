import { randomBytes } from 'node:crypto';
import { appendFile, link, mkdir, open, readFile, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';

/**
 * Writes a file so that a crash leaves either the old or the new content, never half of it:
 * a temp file beside it, fsync, then rename over. When any step fails (a full disk, a read-only file
 * system) the temp file is removed: failures leave nothing behind.
 */
export async function writeAtomic(path: string, data: string | Uint8Array, options: { mode?: number } = {}): Promise<void> {
  const temp = await writeTemp(path, data, options.mode);
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/**
 * Replaces a file's content only if it still is `expected` (undefined: the file does not exist), the
 * compare-and-swap that keeps ois from clobbering an agent's write: the new content is written and
 * synced to a temp file first, the file is read again (through a handle kept open) right before the
 * rename. Returns false (and changes nothing) when the file changed meanwhile.
 *
 * A write can still land between that read and the rename, or be under way on the old file when the
 * rename happens (an agent's append opened it just before): it reaches the old file, which the rename
 * unlinked. So the old file is read once more right after the rename, through the same handle; when it
 * no longer holds `expected`, the agent's write is put back (an append: its bytes appended again to the
 * file as it is now; another write: its version, if nothing wrote the file since), and the result is
 * false: the caller reads the file again and merges anew. It is read again 10 and 50 ms later in the
 * background (the caller does not wait), and what reached it then is put back the same way. What stays
 * open: a write that reaches the replaced file more than 50 ms after the rename (a writer stalled
 * between opening and writing).
 * test/unit/files-cas.test.ts races it from another process.
 *
 * @example await replaceIfUnchanged('/repo/chat/2026-11-23.md', whatWasRead, restored) // true
 */
export function replaceIfUnchanged(path: string, expected: string | undefined, data: string): Promise<boolean> {
  return swap(path, expected, data, 0);
}

/** replaceIfUnchanged; `depth` counts the swaps nested in putting a late write back (at most 3). */
async function swap(path: string, expected: string | undefined, data: string, depth: number): Promise<boolean> {
  await mkdir(dirname(path), { recursive: true });
  const temp = await writeTemp(path, data);
  const old = await open(path, 'r').catch((error: unknown) => {
    if (isNotFound(error)) return undefined;
    throw error;
  });
  let watching = false;
  try {
    if ((old === undefined ? undefined : await readAll(old)) !== expected) {
      await unlink(temp).catch(() => undefined);
      return false;
    }
    await rename(temp, path);
    if (old === undefined) return true;
    const late = await readAll(old);
    if (late !== expected) {
      await putBack(path, expected, data, late, depth);
      return false;
    }
    // An append that opened the file just before the rename may still write: watched for a moment in
    // the background (the caller goes on; a late write put back shows as the agent's change, which the
    // next cycle commits).
    watching = true;
    void watchLate(old, path, expected, data, depth);
    return true;
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  } finally {
    if (!watching) await old?.close().catch(() => undefined);
  }
}

/** Puts back a write that reached the replaced file: an append appended again to the file as it is now; another write restored, if nothing wrote the file since. */
async function putBack(path: string, expected: string | undefined, data: string, late: string, depth: number): Promise<void> {
  if (expected !== undefined && late.startsWith(expected)) await appendFile(path, late.slice(expected.length));
  else if (depth < 3 && (await readIfExists(path)) === data) await swap(path, data, late, depth + 1);
}

/** Reads the replaced file again after each of LATE_WRITE_WAITS_MS and puts back what reached it; never throws. */
async function watchLate(old: FileHandle, path: string, expected: string | undefined, data: string, depth: number): Promise<void> {
  try {
    let now = expected;
    for (const wait of LATE_WRITE_WAITS_MS) {
      await new Promise((resolve) => setTimeout(resolve, wait));
      now = await readAll(old);
    }
    if (now !== undefined && now !== expected) await putBack(path, expected, data, now, depth);
  } catch {
    // The file went away meanwhile: nothing to put back into.
  } finally {
    await old.close().catch(() => undefined);
  }
}

/** When, after a rename, the replaced file is read again for a write under way (ms after the previous read). */
const LATE_WRITE_WAITS_MS = [10, 40];

/** The whole content of an open file, from its start, whatever the handle's position. */
async function readAll(handle: FileHandle): Promise<string> {
  const { size } = await handle.stat();
  const buffer = Buffer.alloc(size);
  let read = 0;
  while (read < size) {
    const { bytesRead } = await handle.read(buffer, read, size - read, read);
    if (bytesRead === 0) break;
    read += bytesRead;
  }
  return buffer.subarray(0, read).toString('utf8');
}

/**
 * A synced temp file beside `path` holding `data` (its folder made when missing; ois's own temp files
 * are ignored by its watchers); removed again if writing it fails.
 */
async function writeTemp(path: string, data: string | Uint8Array, mode = 0o644): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.ois-tmp-${randomBytes(4).toString('hex')}`);
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  return temp;
}

/** Reads a UTF-8 file, or undefined when it does not exist. */
export async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

export function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'ENOENT';
}

/**
 * Writes a new file atomically and never over an existing one: a temp file beside it (fsynced), then a
 * hard link to the final name (which fails with EEXIST when the name is taken). Returns false then.
 */
export async function writeNewFile(path: string, data: Uint8Array): Promise<boolean> {
  const temp = await writeTemp(path, data);
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}
