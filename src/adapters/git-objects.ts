import { parseCatFileBatch } from '../core/sync/cat-file.js';
import type { Git } from './git.js';

/**
 * The texts of `rev:path` blobs (or any object names), in one `git cat-file --batch`; undefined for
 * what does not exist or is not a blob.
 *
 * @example const [before, after] = await readBlobTexts(git, ['HEAD~1:chat/2026-11-23.md', 'HEAD:chat/2026-11-23.md'])
 */
export async function readBlobTexts(git: Git, specs: readonly string[]): Promise<Array<string | undefined>> {
  if (specs.length === 0) return [];
  const out = await git.runWithInput(['cat-file', '--batch'], specs.map((spec) => `${spec}\n`).join(''));
  return parseCatFileBatch(out, specs.length).map((object) => (object?.type === 'blob' ? object.content.toString('utf8') : undefined));
}

/** An object's id, type and size, from `git cat-file --batch-check`. */
export interface ObjectInfo {
  sha: string;
  type: string;
  size: number;
}

/**
 * The id, type and size of `rev:path` objects (or any object names) without reading them, in one
 * `git cat-file --batch-check`; undefined for what does not exist. What is too large to read safely
 * is recognised here, before any byte of it is loaded.
 *
 * @example const [info] = await readObjectInfo(git, ['HEAD:AGENTS.md']) // { sha: '…', type: 'blob', size: 2048 }
 */
export async function readObjectInfo(git: Git, specs: readonly string[]): Promise<Array<ObjectInfo | undefined>> {
  if (specs.length === 0) return [];
  const out = (await git.runWithInput(['cat-file', '--batch-check'], specs.map((spec) => `${spec}\n`).join(''))).toString('utf8');
  const lines = out.split('\n');
  return specs.map((_, i) => {
    const match = /^([0-9a-f]{40,64}) (\S+) (\d+)$/.exec(lines[i] ?? '');
    return match ? { sha: match[1] ?? '', type: match[2] ?? '', size: Number(match[3]) } : undefined;
  });
}
