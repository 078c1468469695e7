import { resolve } from 'node:path';
import { lintFsOf } from '../../app/lint/fs.js';
import { portsOf } from '../../wiring/ports.js';
import { findRepoRoot } from '../../app/lint/targets.js';
import { OisError } from '../../core/errors.js';
import type { CliIO } from '../io.js';

/**
 * The team repository a command works on: `--dir`, else the git work tree containing the current
 * directory, else the current directory if it holds an AGENTS.md.
 */
export async function teamDir(io: CliIO, dir: string | undefined): Promise<string> {
  if (dir !== undefined) return resolve(io.cwd, dir);
  const fs = lintFsOf(portsOf(io).files);
  const root = await findRepoRoot(io.cwd, fs);
  if (root !== undefined) return root;
  if ((await fs.stat(resolve(io.cwd, 'AGENTS.md')))?.type === 'file') return io.cwd;
  throw new OisError('NOT_A_REPO', `${io.cwd} is not inside a team repository`, {
    hint: 'Run this in a clone of your team repository, or pass --dir PATH.',
  });
}
