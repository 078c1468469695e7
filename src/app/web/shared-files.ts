import { lstat, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { OisError } from '../../core/errors.js';
import { confinedSharedPath } from '../../core/web/paths.js';

/** One file under `shared/`. */
export interface SharedFile {
  path: string;
  size: number;
  /** ISO time of the last change on disk. */
  modified: string;
}

/** At most this many files are listed (the page filters them); a repository may hold 10 000 and more. */
export const MAX_LISTED = 5_000;
/** Text shown in the viewer at most (larger files download). */
export const MAX_VIEW_BYTES = 1024 * 1024;

/**
 * The files under `shared/`, sorted by path, at most MAX_LISTED (`truncated` says when there were
 * more). Symbolic links and their targets are never listed or followed.
 */
export async function listSharedFiles(top: string): Promise<{ files: SharedFile[]; truncated: boolean }> {
  const files: SharedFile[] = [];
  let truncated = false;
  const walk = async (dir: string, rel: string): Promise<void> => {
    const names = (await readdir(dir, { withFileTypes: true }).catch(() => [])).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of names) {
      if (files.length >= MAX_LISTED) {
        truncated = true;
        return;
      }
      const path = `${rel}/${entry.name}`;
      if (entry.isDirectory()) await walk(join(dir, entry.name), path);
      else if (entry.isFile() && confinedSharedPath(path) !== undefined) {
        const info = await lstat(join(dir, entry.name)).catch(() => undefined);
        if (info?.isFile()) files.push({ path, size: info.size, modified: info.mtime.toISOString() });
      }
    }
  };
  await walk(join(top, 'shared'), 'shared');
  return { files, truncated };
}

/**
 * Reads a file under `shared/` (at most `maxBytes`): the path must be a plain `shared/…` path and
 * every component of it a real folder or file inside the clone (no symbolic link anywhere), so
 * nothing outside `shared/` can be read through the room. Throws NOT_FOUND otherwise.
 */
export async function readSharedFile(top: string, path: string, maxBytes: number): Promise<{ path: string; size: number; bytes: Buffer; truncated: boolean }> {
  const safe = confinedSharedPath(path);
  if (safe === undefined) throw notFound(path);
  let at = top;
  for (const segment of safe.split('/')) {
    at = join(at, segment);
    const info = await lstat(at).catch(() => undefined);
    if (info === undefined || info.isSymbolicLink()) throw notFound(safe);
  }
  const handle = await open(at, 'r').catch(() => undefined);
  if (handle === undefined) throw notFound(safe);
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw notFound(safe);
    const length = Math.min(info.size, maxBytes);
    const bytes = Buffer.alloc(length);
    await handle.read(bytes, 0, length, 0);
    return { path: safe, size: info.size, bytes, truncated: info.size > length };
  } finally {
    await handle.close();
  }
}

function notFound(path: string): OisError {
  return new OisError('NOT_FOUND', `no file ${path.slice(0, 200)} under shared/`, { hint: 'The room shows files under shared/ only.' });
}
