/**
 * Reading history (`git log`): pure operations, run with `Git.exec`. Records are split on control
 * characters a commit header cannot hold and paths are NUL-terminated, so any file name reads back.
 * Also: a file's versions and who made them, the commit that last touched a path, commit times, the
 * local commits to replay, and the raw per-file changes of a range (what the push gate checks).
 */
import { parseLocalCommits, type LocalCommit } from '../sync/commits.js';
import { parseRawLog, type RawCommit } from '../sync/raw-log.js';
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

/** A commit and its author as `Name <email>`. */
export interface AuthoredCommit {
  commit: string;
  author: string;
}

const AUTHORED = '--format=%H%x1f%an <%ae>';

function parseAuthored(out: string): AuthoredCommit[] {
  return out
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [commit = '', author = ''] = line.split('\x1f');
      return { commit, author };
    });
}

/** The last `max` commits from `rev` that touched `path`, newest first. */
export const pathCommits = (rev: string, path: string, max: number): GitOperation<AuthoredCommit[]> => ({
  name: 'log',
  args: ['log', `--max-count=${max}`, AUTHORED, rev, '--', path],
  parse: (out) => parseAuthored(out.toString('utf8')),
});

/**
 * The newest commit from `rev` (default HEAD) that touched `path`, or undefined; with `adding`, the
 * newest that changed how often that string occurs in it (`-S`: the commit that brought it in).
 */
export const lastCommitTouching = (path: string, options: { rev?: string; adding?: string } = {}): GitOperation<AuthoredCommit | undefined> => ({
  name: 'log',
  args: ['log', '-1', AUTHORED, ...(options.adding === undefined ? [] : [`-S${options.adding}`]), ...(options.rev === undefined ? [] : [options.rev]), '--', path],
  parse: (out) => parseAuthored(out.toString('utf8'))[0],
});

/** The committer times (ms since the epoch) of the commits in `range`, newest first. */
export const commitTimes = (range: string): GitOperation<number[]> => ({
  name: 'log',
  args: ['log', '--format=%ct', range],
  parse: (out) =>
    out
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .map((seconds) => Number(seconds) * 1000),
});

/**
 * The first-parent commits of `revs` (`a..b`, or a tip), oldest first, each with its parents, author,
 * raw author date and message: what a replay or a rewrite recreates.
 */
export const localCommits = (revs: readonly string[]): GitOperation<LocalCommit[]> => ({
  name: 'log',
  args: ['log', '-z', '--reverse', '--first-parent', '--date=raw', '--format=%H%x1f%P%x1f%an%x1f%ae%x1f%ad%x1f%B', ...revs],
  parse: (out) => parseLocalCommits(out.toString('utf8')),
});

/**
 * The first-parent commits of `revs`, newest first, with the blobs before and after of each change to
 * `paths` (a merge compared with its first parent; no rename detection).
 */
export const rawChanges = (revs: readonly string[], paths: readonly string[]): GitOperation<RawCommit[]> => ({
  name: 'log',
  args: ['log', '-z', '--first-parent', '--diff-merges=first-parent', '--no-renames', '--no-abbrev', '--raw', '--format=%x01%H%x1f%P%x1f%s', ...revs, '--', ...paths],
  parse: (out) => parseRawLog(out.toString('utf8')),
});
