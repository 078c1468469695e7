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
