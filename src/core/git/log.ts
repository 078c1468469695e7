/**
 * Reading history (`git log`), each form with its own format and parser: a file's versions and who
 * made them, the commit that last touched a path, commit times, the local commits to replay, and the
 * raw per-file changes of a range (what the push gate checks).
 */
import { parseLocalCommits, type LocalCommit } from '../sync/commits.js';
import { parseRawLog, type RawCommit } from '../sync/raw-log.js';
import type { GitOperation } from './operation.js';

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
