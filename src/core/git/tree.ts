/**
 * Reading a commit's tree: pure operations, run with `Git.exec`. Paths are the repository's
 * (`chat/2026-11-23.md`), never quoted (`-z`).
 */
import type { GitOperation } from './operation.js';

/**
 * The blob id of every file under `path` at `commit` (`git ls-tree -z`; folders are not descended:
 * `chat/` lists the day files). Submodules and folders are left out.
 *
 * @example (await git.exec(listFiles('HEAD', 'chat/'))).get('chat/2026-11-23.md') // '3b18e512…'
 */
export const listFiles = (commit: string, path: string): GitOperation<Map<string, string>> => ({
  name: 'ls-tree',
  args: ['ls-tree', '-z', commit, '--', path],
  parse: (out) => parseLsTree(out.toString('utf8')),
});

/** Parses `git ls-tree -z` output (`<mode> <type> <id>\t<path>\0`): path → blob id, blobs only. */
export function parseLsTree(out: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const record of out.split('\0')) {
    const match = /^\d+ blob ([0-9a-f]+)\t(.+)$/s.exec(record);
    if (match?.[1] && match[2]) files.set(match[2], match[1]);
  }
  return files;
}
