import { dirname, join } from 'node:path';
import type { Files } from '../../ports/index.js';
import type { LogDeps } from '../log/read.js';

/**
 * The file access `readLog` needs, over the Files port, for files the repository decides (day files,
 * AGENTS.md): nothing is read or listed through a symbolic link, so nothing outside the clone is
 * read (a link read throws an error with code `ELINK`).
 *
 * @example const { items } = await readLog(ownFiles(ports.files), { cwd })
 */
export function ownFiles(files: Files): LogDeps {
  return {
    async readTextFile(path) {
      if ((await files.stat(path))?.kind === 'symlink') throw Object.assign(new Error(`${path} is a symbolic link; not read`), { code: 'ELINK' });
      return files.readText(path);
    },
    async listDirectory(path) {
      const info = await files.stat(path);
      if (info === undefined || info.kind === 'symlink') return undefined;
      return files.list(path);
    },
    async findUp(start, name) {
      for (let dir = start; ; dir = dirname(dir)) {
        if ((await files.stat(join(dir, name)).catch(() => undefined)) !== undefined) return dir;
        if (dirname(dir) === dir) return undefined;
      }
    },
  };
}
