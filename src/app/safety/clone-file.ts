/**
 * Reading a repository path from the working tree without following any symbolic link on the way
 * (`shared/ssh -> ~/.ssh`, `chat/x.md -> ~/.ssh/id_rsa`): nothing ois reads because of repository
 * content comes from outside the clone. Through the files port, whose `stat` never follows a link.
 */
import { join } from 'node:path';
import type { FileInfo, Files } from '../../ports/index.js';

/** A repository path as found in the working tree, read without following any symbolic link. */
export type CloneFile =
  | { kind: 'missing' }
  | { kind: 'file'; text: string; size: number }
  /** A symbolic link (the file or a folder on the way), a folder, or too large: not read. */
  | { kind: 'refused'; reason: string };

/**
 * Reads `rel` (repository-relative, `/`-separated) inside the clone at `top`, refusing to follow a
 * symbolic link anywhere on the way. Past `maxBytes`, the file is refused without being read.
 *
 * @example await readCloneFile(repo.ports.files, repo.top, 'ois.config.json') // { kind: 'file', text: '{…}', size: 312 }
 */
export async function readCloneFile(files: Files, top: string, rel: string, maxBytes = Number.POSITIVE_INFINITY): Promise<CloneFile> {
  const confined = await confinedPath(files, top, rel);
  if (confined.kind !== 'ok') return confined;
  const info = confined.info;
  if (info === undefined) return { kind: 'missing' };
  if (info.kind !== 'file') return { kind: 'refused', reason: `${rel} is not a regular file` };
  if (info.size > maxBytes) return { kind: 'refused', reason: `${rel} is ${info.size} bytes, over the ${maxBytes}-byte limit` };
  const text = await files.readIfExists(join(top, ...rel.split('/')));
  return text === undefined ? { kind: 'missing' } : { kind: 'file', text, size: info.size };
}

type Confined = { kind: 'ok'; info: FileInfo | undefined } | { kind: 'refused'; reason: string } | { kind: 'missing' };

/**
 * Checks every component of `rel` below `top` (lstat): none may be a symbolic link. `info` is the
 * last component's (undefined when it does not exist).
 */
async function confinedPath(files: Files, top: string, rel: string): Promise<Confined> {
  const parts = rel.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.some((part) => part === '..')) return { kind: 'refused', reason: `${rel} leads out of the clone` };
  let path = top;
  for (const [index, part] of parts.entries()) {
    path = join(path, part);
    const info = await files.stat(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOTDIR') return undefined;
      throw error;
    });
    if (info === undefined) return index === parts.length - 1 ? { kind: 'ok', info: undefined } : { kind: 'missing' };
    if (info.kind === 'symlink') return { kind: 'refused', reason: `${parts.slice(0, index + 1).join('/')} is a symbolic link; ois does not follow links out of the clone` };
    if (index === parts.length - 1) return { kind: 'ok', info };
  }
  return { kind: 'ok', info: undefined };
}
