/**
 * Object reads (`git cat-file`). Pure: each builds a GitOperation (operation.ts); `Git.exec` runs it.
 */
import { parseCatFileBatch } from '../sync/cat-file.js';
import type { GitOperation } from './operation.js';

/**
 * The texts of `rev:path` blobs (or any object names), in one `git cat-file --batch`, in order;
 * undefined for what does not exist or is not a blob. Do not exec it with no specs (use `[]` instead).
 *
 * @example const [before, after] = await git.exec(readBlobs(['HEAD~1:chat/2026-11-23.md', 'HEAD:chat/2026-11-23.md']))
 */
export const readBlobs = (specs: readonly string[]): GitOperation<Array<string | undefined>> => ({
  name: 'cat-file',
  args: ['cat-file', '--batch'],
  input: specs.map((spec) => `${spec}\n`).join(''),
  parse: (out) => parseCatFileBatch(out, specs.length).map((object) => (object?.type === 'blob' ? object.content.toString('utf8') : undefined)),
});

/**
 * Whether `rev` (`HEAD:AGENTS.md`) names an existing object (`cat-file -e`: exit 0 yes; 1, or 128
 * for a path that is not there, no).
 *
 * @example await git.exec(objectExists('HEAD:AGENTS.md')) // true
 */
export const objectExists = (rev: string): GitOperation<boolean> => ({
  name: 'cat-file',
  args: ['cat-file', '-e', rev],
  okExitCodes: [1, 128],
  parse: (_out, code) => code === 0,
});
