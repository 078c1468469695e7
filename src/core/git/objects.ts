/**
 * Reading objects by name (`rev:path`, a blob id) in one git process: pure operations, run with
 * `Git.exec`. A name that does not exist, or is not a blob, reads as undefined, never as an error.
 */
import { parseCatFileBatch } from '../sync/cat-file.js';
import type { GitOperation } from './operation.js';

/**
 * The UTF-8 texts of the blobs `specs` name (`HEAD:chat/2026-11-23.md`, a blob id), in order, in one
 * `git cat-file --batch`; undefined for a name that is missing or not a blob.
 *
 * @example const [before, after] = await git.exec(readBlobs(['HEAD~1:chat/2026-11-23.md', 'HEAD:chat/2026-11-23.md']))
 */
export const readBlobs = (specs: readonly string[]): GitOperation<Array<string | undefined>> => ({
  name: 'cat-file',
  args: ['cat-file', '--batch'],
  input: specs.map((spec) => `${spec}\n`).join(''),
  parse: (out) => parseCatFileBatch(out, specs.length).map((object) => (object?.type === 'blob' ? object.content.toString('utf8') : undefined)),
});
