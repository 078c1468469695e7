import { dirname } from 'node:path';
import type { LintFs } from '../../src/app/lint/fs.js';

/**
 * An in-memory LintFs: `files` maps absolute paths to contents; directories are implied by paths,
 * and a value of `{ symlink: true }` is a symbolic link.
 */
export function memoryLintFs(files: Record<string, string | Uint8Array | { symlink: true }>): LintFs {
  const dirs = new Set<string>();
  for (const path of Object.keys(files)) {
    for (let dir = dirname(path); !dirs.has(dir); dir = dirname(dir)) {
      dirs.add(dir);
      if (dirname(dir) === dir) break;
    }
  }
  const bytes = (value: string | Uint8Array): Uint8Array => (typeof value === 'string' ? new TextEncoder().encode(value) : value);
  return {
    async stat(path) {
      const value = files[path];
      if (value === undefined) return dirs.has(path) ? { type: 'dir', size: 0 } : undefined;
      if (typeof value === 'object' && 'symlink' in value) return { type: 'symlink', size: 0 };
      return { type: 'file', size: bytes(value).length };
    },
    async list(dir) {
      const names = new Set<string>();
      for (const path of [...Object.keys(files), ...dirs]) {
        if (dirname(path) === dir && path !== dir) names.add(path.slice(dir.length + 1));
      }
      return [...names];
    },
    async read(path) {
      const value = files[path];
      if (value === undefined || (typeof value === 'object' && 'symlink' in value)) throw new Error(`ENOENT ${path}`);
      return bytes(value);
    },
  };
}
