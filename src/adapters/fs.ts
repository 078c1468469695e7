import { randomBytes } from 'node:crypto';
import { open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file so that a reader (or a crash) sees the old content or the new, never half: a temp
 * file beside it (same directory, so the rename stays on one file system), fsync, rename over.
 *
 * @example await writeFileAtomic('/repo/chat/2026-11-23.md', text)
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.ois-${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/**
 * Reads a UTF-8 text file (byte order mark kept: the merge must give back what it was given).
 *
 * @example const text = await readTextFile('/repo/AGENTS.md')
 */
export async function readTextFile(path: string): Promise<string> {
  return readFile(path, 'utf8');
}

/** The names in a directory, or undefined when it does not exist. */
export async function listDirectory(path: string): Promise<string[] | undefined> {
  try {
    return await readdir(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * The nearest directory at or above `start` that holds `name` (a file or a directory), or undefined.
 *
 * @example await findUp('/repo/chat', '.git') // '/repo'
 */
export async function findUp(start: string, name: string): Promise<string | undefined> {
  let dir = start;
  for (;;) {
    const found = await stat(join(dir, name)).then(
      () => true,
      () => false,
    );
    if (found) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
