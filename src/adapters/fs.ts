import { lstat, readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Atomic writes live in files.ts; this name is kept for the merge driver. */
export { writeAtomic as writeFileAtomic } from './files.js';

/**
 * Reads a UTF-8 text file (byte order mark kept: the merge must give back what it was given).
 *
 * @example const text = await readTextFile('/repo/AGENTS.md')
 */
export async function readTextFile(path: string): Promise<string> {
  return readFile(path, 'utf8');
}

/**
 * Reads a UTF-8 text file that must not be a symbolic link: for files the repository decides (chat
 * logs, AGENTS.md), so that nothing is read from outside the clone. A link throws an error whose code
 * is `ELINK`.
 *
 * @example const text = await readOwnTextFile('/repo/chat/2026-11-23.md')
 */
export async function readOwnTextFile(path: string): Promise<string> {
  if ((await lstat(path)).isSymbolicLink()) throw Object.assign(new Error(`${path} is a symbolic link; not read`), { code: 'ELINK' });
  return readFile(path, 'utf8');
}

/** Like listDirectory, but undefined for a directory that is a symbolic link (never followed out of the clone). */
export async function listOwnDirectory(path: string): Promise<string[] | undefined> {
  const info = await lstat(path).catch(() => undefined);
  if (info === undefined || info.isSymbolicLink()) return undefined;
  return listDirectory(path);
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
