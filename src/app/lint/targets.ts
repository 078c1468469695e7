import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { LintFs } from './fs.js';

/** One file to lint: where it is, and its path as reports show it. */
export interface LintTarget {
  abs: string;
  rel: string;
  /** Whether a missing file is an error (named on the command line, or AGENTS.md). */
  required: boolean;
}

const MAX_WALK = 100_000;

/** The repository-relative path with `/` separators (`../x` for a path outside). */
export function displayPath(repoDir: string, abs: string): string {
  const rel = relative(repoDir, abs);
  return (rel === '' ? '.' : rel).split(sep).join('/');
}

/** The default set: AGENTS.md, ois.config.json, chat/*.md and everything under shared/. */
export async function defaultTargets(repoDir: string, fs: LintFs): Promise<LintTarget[]> {
  const targets: LintTarget[] = [{ abs: resolve(repoDir, 'AGENTS.md'), rel: 'AGENTS.md', required: true }];
  if ((await fs.stat(resolve(repoDir, 'ois.config.json')))?.type === 'file') {
    targets.push({ abs: resolve(repoDir, 'ois.config.json'), rel: 'ois.config.json', required: false });
  }
  const chatDir = resolve(repoDir, 'chat');
  if ((await fs.stat(chatDir))?.type === 'dir') {
    for (const name of (await fs.list(chatDir)).sort()) {
      if (name.endsWith('.md')) targets.push(target(repoDir, resolve(chatDir, name), false));
    }
  }
  targets.push(...(await walk(repoDir, resolve(repoDir, 'shared'), fs)));
  return targets;
}

/** The files named on the command line; a directory stands for every file under it. */
export async function explicitTargets(repoDir: string, files: readonly string[], fs: LintFs): Promise<LintTarget[]> {
  const targets: LintTarget[] = [];
  for (const file of files) {
    const abs = isAbsolute(file) ? file : resolve(repoDir, file);
    if ((await fs.stat(abs))?.type === 'dir') targets.push(...(await walk(repoDir, abs, fs)));
    else targets.push(target(repoDir, abs, true));
  }
  const seen = new Set<string>();
  return targets.filter((t) => !seen.has(t.abs) && seen.add(t.abs));
}

function target(repoDir: string, abs: string, required: boolean): LintTarget {
  return { abs, rel: displayPath(repoDir, abs), required };
}

/** Every entry under `dir` (files, and symbolic links so they can be reported), never into `.git`. */
async function walk(repoDir: string, dir: string, fs: LintFs): Promise<LintTarget[]> {
  const found: LintTarget[] = [];
  const pending = [dir];
  while (pending.length > 0 && found.length < MAX_WALK) {
    const current = pending.pop() as string;
    const info = await fs.stat(current);
    if (info?.type !== 'dir') continue;
    for (const name of (await fs.list(current)).sort()) {
      if (name === '.git') continue;
      const abs = resolve(current, name);
      const type = (await fs.stat(abs))?.type;
      if (type === 'dir') pending.push(abs);
      else if (type === 'file' || type === 'symlink') found.push(target(repoDir, abs, false));
    }
  }
  return found.sort((a, b) => (a.rel < b.rel ? -1 : 1));
}

/**
 * The work tree containing `start`: the nearest directory with a `.git` (a directory, or a file for
 * worktrees and submodules). `undefined` outside any repository.
 */
export async function findRepoRoot(start: string, fs: LintFs): Promise<string | undefined> {
  let dir = resolve(start);
  for (;;) {
    const git = await fs.stat(resolve(dir, '.git'));
    if (git?.type === 'dir' || git?.type === 'file') return dir;
    const parent = resolve(dir, '..');
    if (parent === dir) return undefined;
    dir = parent;
  }
}
