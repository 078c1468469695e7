import { lstat, readdir, readFile } from 'node:fs/promises';

/** What `lintRepository` needs of the file system (a fake in tests, Node's fs in the CLI). */
export interface LintFs {
  /** What is at `path` without following symbolic links, or `undefined` if nothing. */
  stat(path: string): Promise<{ type: 'file' | 'dir' | 'symlink' | 'other'; size: number } | undefined>;
  /** The names in a directory. */
  list(dir: string): Promise<string[]>;
  read(path: string): Promise<Uint8Array>;
}

/** The real file system. */
export const nodeLintFs: LintFs = {
  async stat(path) {
    try {
      const s = await lstat(path);
      const type = s.isSymbolicLink() ? 'symlink' : s.isDirectory() ? 'dir' : s.isFile() ? 'file' : 'other';
      return { type, size: s.size };
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT' || (error as { code?: string }).code === 'ENOTDIR') return undefined;
      throw error;
    }
  },
  list: (dir) => readdir(dir),
  read: (path) => readFile(path),
};
