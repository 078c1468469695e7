/**
 * Reading history (`git log`): pure operations, run with `Git.exec`. Records are split on control
 * characters a commit header cannot hold and paths are NUL-terminated, so any file name reads back.
 */
import type { GitOperation } from './operation.js';

/** One commit and the files it added or modified. */
export interface CommitFiles {
  sha: string;
  /** The first parent; absent for a root commit. */
  parent?: string;
  /** The author's e-mail (`aria@ois.invalid` for the commits ois makes). */
  email: string;
  files: string[];
}

export interface CommitsWithFilesOptions {
  /** At most this many commits, newest first. */
  maxCommits: number;
  /** Only the commits touching these paths (`chat/`). */
  paths?: readonly string[];
  /** List a root commit's files even where `log.showRoot` is off (`--root`). */
  root?: boolean;
}

/**
 * The non-merge commits of `revs` (`[tip]`, `[tip, '^base']`), newest first, each with the files it
 * added or modified (`--diff-filter=AM`), at most `maxCommits`.
 *
 * @example await git.exec(commitsWithFiles([tip, `^${seen}`], { maxCommits: 200, paths: ['chat/'] }))
 */
export const commitsWithFiles = (revs: readonly string[], options: CommitsWithFilesOptions): GitOperation<CommitFiles[]> => ({
  name: 'log',
  args: ['log', '--no-merges', ...(options.root ? ['--root'] : []), `--max-count=${options.maxCommits}`, '-z', '--name-only', '--diff-filter=AM', '--format=%x01%H%x02%P%x02%ae', ...revs, '--', ...(options.paths ?? [])],
  parse: (out) => parseCommitsWithFiles(out.toString('utf8')),
});

/** Parses the output of `commitsWithFiles`: `\x01<sha>\x02<parents>\x02<email>\0\n<path>\0<path>\0…`. */
export function parseCommitsWithFiles(output: string): CommitFiles[] {
  return output
    .split('\x01')
    .filter((record) => record.trim() !== '')
    .map((record) => {
      const [header = '', ...names] = record.split('\0');
      const [sha = '', parents = '', email = ''] = header.split('\x02');
      const parent = parents.split(' ')[0] || undefined;
      const files = names.map((name) => name.replace(/^\n/, '')).filter((name) => name !== '');
      return parent === undefined ? { sha, email, files } : { sha, parent, email, files };
    });
}
