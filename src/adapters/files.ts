import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
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
 * synced to a temp file first, the file is read again right before the rename. Returns false (and
 * changes nothing) when the file changed meanwhile. Residual race: a write landing between that last
 * read and the rename (microseconds) is replaced.
 *
 * @example await replaceIfUnchanged('/repo/chat/2026-11-23.md', whatWasRead, restored) // true
 */
export async function replaceIfUnchanged(path: string, expected: string | undefined, data: string): Promise<boolean> {
  await mkdir(dirname(path), { recursive: true });
  const temp = await writeTemp(path, data);
  try {
    if ((await readIfExists(path)) !== expected) {
      await unlink(temp).catch(() => undefined);
      return false;
    }
    await rename(temp, path);
    return true;
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
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
