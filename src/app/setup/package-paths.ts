import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The root of the installed ois package (the folder with its package.json, templates/ and hooks/). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'templates'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the ois package root');
    dir = parent;
  }
}

/** The built CLI entry point that git (merge driver, hooks) runs. */
export function cliEntry(): string {
  return join(packageRoot(), 'dist', 'cli', 'bin.js');
}

export function templatesDir(): string {
  return join(packageRoot(), 'templates', 'team');
}

/** The room's page: its HTML and stylesheet (`web/static/`) and its compiled scripts (`dist/web/`). */
export function webAssetDirs(): { staticDir: string; scriptDir: string } {
  const root = packageRoot();
  return { staticDir: join(root, 'web', 'static'), scriptDir: join(root, 'dist', 'web') };
}
