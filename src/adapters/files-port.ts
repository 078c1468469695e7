import { appendFile, chmod, lstat, mkdir, mkdtemp, readdir, readFile, readlink, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileInfo, Files } from '../ports/files.js';
import { exists, isNotFound, readIfExists, replaceIfUnchanged, writeAtomic, writeNewFile } from './files.js';
import { watchTree } from './watch.js';

/** The real file system behind the Files port (ports/files.ts). */
export function createFiles(): Files {
  return {
    watchTree,
    readText: (path) => readFile(path, 'utf8'),
    readBytes: async (path) => new Uint8Array(await readFile(path)),
    readIfExists,
    exists,
    async stat(path) {
      try {
        const info = await lstat(path);
        const kind: FileInfo['kind'] = info.isSymbolicLink() ? 'symlink' : info.isFile() ? 'file' : info.isDirectory() ? 'directory' : 'other';
        return { kind, size: info.size, mtimeMs: info.mtimeMs, mode: info.mode };
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    async list(path) {
      try {
        return await readdir(path);
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    async readLink(path) {
      try {
        return await readlink(path);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'EINVAL') return undefined;
        throw error;
      }
    },
    writeAtomic,
    writeNewFile,
    replaceIfUnchanged,
    writeText: (path, data, options) => writeFile(path, data, options?.mode === undefined ? 'utf8' : { encoding: 'utf8', mode: options.mode }),
    append: (path, data) => appendFile(path, data, 'utf8'),
    mkdir: async (path, options) => {
      await mkdir(path, { recursive: true, ...(options?.mode === undefined ? {} : { mode: options.mode }) });
    },
    remove: (path, options) => rm(path, { force: true, recursive: options?.recursive ?? false }),
    rename,
    chmod,
    makeTempDir: (prefix) => mkdtemp(join(tmpdir(), prefix)),
  };
}
