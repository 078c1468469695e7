import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The root of the installed ois package (the folder with its package.json, templates/, hooks/ and
 * skill/), from where this module is, without touching the disk. The layout is fixed by the builds:
 * `<root>/src/app/setup/` (run from source), `<root>/dist/app/setup/` (tsconfig.json, the published
 * package) and `<root>/.bench-build/src/app/setup/` (tsconfig.bench.json).
 */
export function packageRoot(): string {
  const build = dirname(dirname(dirname(fileURLToPath(import.meta.url)))); // …/src, …/dist or …/.bench-build/src
  const above = dirname(build);
  return basename(above) === '.bench-build' ? dirname(above) : above;
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
