import { join } from 'node:path';
import { OisError } from '../../core/errors.js';
import { confinedSharedPath } from '../../core/web/paths.js';
import type { Files } from '../../ports/index.js';

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
export async function listSharedFiles(fs: Files, top: string): Promise<{ files: SharedFile[]; truncated: boolean }> {
  const files: SharedFile[] = [];
  let truncated = false;
  const walk = async (dir: string, rel: string): Promise<void> => {
    const names = ((await fs.list(dir).catch(() => undefined)) ?? []).sort((a, b) => (a < b ? -1 : 1));
    for (const name of names) {
      if (files.length >= MAX_LISTED) {
        truncated = true;
        return;
      }
      const path = `${rel}/${name}`;
      // lstat: a symbolic link is neither a folder nor a file here, so it is never followed.
      const info = await fs.stat(join(dir, name)).catch(() => undefined);
      if (info?.kind === 'directory') await walk(join(dir, name), path);
      else if (info?.kind === 'file' && confinedSharedPath(path) !== undefined) files.push({ path, size: info.size, modified: new Date(info.mtimeMs).toISOString() });
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
export async function readSharedFile(fs: Files, top: string, path: string, maxBytes: number): Promise<{ path: string; size: number; bytes: Buffer; truncated: boolean }> {
  const safe = confinedSharedPath(path);
  if (safe === undefined) throw notFound(path);
  let at = top;
  for (const segment of safe.split('/')) {
    at = join(at, segment);
    const info = await fs.stat(at).catch(() => undefined);
    if (info === undefined || info.kind === 'symlink') throw notFound(safe);
  }
  const read = await fs.readStart(at, maxBytes).catch(() => undefined);
  if (read === undefined) throw notFound(safe);
  const bytes = Buffer.from(read.bytes.buffer, read.bytes.byteOffset, read.bytes.byteLength);
  return { path: safe, size: read.size, bytes, truncated: read.size > bytes.length };
}

function notFound(path: string): OisError {
  return new OisError('NOT_FOUND', `no file ${path.slice(0, 200)} under shared/`, { hint: 'The room shows files under shared/ only.' });
}
