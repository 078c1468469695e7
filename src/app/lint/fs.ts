/**
 * What the repository linter needs of the file system, as a small interface (a fake in tests, the
 * files port in the CLI): stat without following links, list a folder, read bytes.
 */
import type { Files } from '../../ports/index.js';

/** What `lintRepository` needs of the file system (a fake in tests, the files port in the CLI). */
export interface LintFs {
  /** What is at `path` without following symbolic links, or `undefined` if nothing. */
  stat(path: string): Promise<{ type: 'file' | 'dir' | 'symlink' | 'other'; size: number } | undefined>;
  /** The names in a directory. */
  list(dir: string): Promise<string[]>;
  read(path: string): Promise<Uint8Array>;
}

const TYPES = { file: 'file', directory: 'dir', symlink: 'symlink', other: 'other' } as const;

/** The linter's view of the files port. @example await lintRepository(dir, [], { fs: lintFsOf(ports.files) }) */
export function lintFsOf(files: Files): LintFs {
  return {
    async stat(path) {
      try {
        const info = await files.stat(path);
        return info === undefined ? undefined : { type: TYPES[info.kind], size: info.size };
      } catch (error) {
        // A path through a file (`AGENTS.md/x`): nothing there, as for a missing one.
        if ((error as { code?: string }).code === 'ENOTDIR') return undefined;
        throw error;
      }
    },
    async list(dir) {
      const names = await files.list(dir);
      if (names === undefined) throw Object.assign(new Error(`${dir} does not exist`), { code: 'ENOENT' });
      return names;
    },
    read: (path) => files.readBytes(path),
  };
}
