import { access, appendFile, chmod, constants, lstat, mkdir, mkdtemp, open, readdir, readFile, readlink, rename, rm, stat, writeFile } from 'node:fs/promises';
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
    async readStart(path, maxBytes) {
      const handle = await open(path, 'r').catch(() => undefined);
      if (handle === undefined) return undefined;
      try {
        const info = await handle.stat();
        if (!info.isFile()) return undefined;
        const bytes = new Uint8Array(Math.min(info.size, Math.max(0, maxBytes)));
        const { bytesRead } = await handle.read(bytes, 0, bytes.length, 0);
        return { bytes: bytes.subarray(0, bytesRead), size: info.size };
      } finally {
        await handle.close();
      }
    },
    readIfExists,
    exists,
    async stat(path, options) {
      try {
        const info = options?.follow ? await stat(path) : await lstat(path);
        const kind: FileInfo['kind'] = info.isSymbolicLink() ? 'symlink' : info.isFile() ? 'file' : info.isDirectory() ? 'directory' : 'other';
        return { kind, size: info.size, mtimeMs: info.mtimeMs, mode: info.mode, uid: info.uid, ino: info.ino };
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    async canUse(path, how) {
      try {
        await access(path, how === 'read' ? constants.R_OK : constants.X_OK);
        return (await stat(path)).isFile();
      } catch {
        return false;
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
      const handle = await open(path, 'r').catch(() => undefined);
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
