import { appendFile, chmod, lstat, mkdir, mkdtemp, open as openFile, readdir, readFile, readlink, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileInfo, Files } from '../ports/files.js';
import { exists, isNotFound, readIfExists, replaceIfUnchanged, writeAtomic, writeNewFile } from './files.js';

/** The real file system behind the Files port (ports/files.ts). */
export function createFiles(): Files {
  return {
    readText: (path) => readFile(path, 'utf8'),
    readBytes: async (path) => new Uint8Array(await readFile(path)),
    readIfExists,
    exists,
    async stat(path) {
      try {
        const info = await lstat(path);
        const kind: FileInfo['kind'] = info.isSymbolicLink() ? 'symlink' : info.isFile() ? 'file' : info.isDirectory() ? 'directory' : 'other';
        return { kind, size: info.size, mtimeMs: info.mtimeMs, mode: info.mode, ino: info.ino };
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
    async readEnd(path, maxBytes) {
      const handle = await openFile(path, 'r').catch(() => undefined);
      if (handle === undefined) return undefined;
      try {
        const { size } = await handle.stat();
        const length = Math.min(size, Math.max(0, maxBytes));
        const bytes = new Uint8Array(length);
        const { bytesRead } = await handle.read(bytes, 0, length, size - length);
        return { bytes: bytes.subarray(0, bytesRead), size };
      } finally {
        await handle.close();
      }
    },
  };
}
