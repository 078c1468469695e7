/**
 * History operations (`git log`) and their parsers. Pure: each builds a GitOperation (operation.ts);
 * `Git.exec` runs it. Merges are left out everywhere here: their content arrives with the merged commits.
 */
import { commitsWithFiles, parseCommitsWithFiles, type CommitFiles } from './history.js';
import type { GitOperation } from './operation.js';

/** One commit of {@link logWithFiles}: its first parent, author e-mail, and the files it added or modified. */
export type LogRow = CommitFiles;

/**
 * The non-merge commits of `revs` (`['tip', '^base']`), newest first, at most `maxCommits`, each with
 * the files it added or modified, root commits included: history.ts's `commitsWithFiles` with `root`.
 *
 * @example await git.exec(logWithFiles(['HEAD', '^origin/main'], 100)) // [{ sha, parent, email, files: ['chat/2026-11-23.md'] }]
 */
export const logWithFiles = (revs: readonly string[], maxCommits: number, paths: readonly string[] = []): GitOperation<LogRow[]> =>
  commitsWithFiles(revs, { maxCommits, paths, root: true });

/** Parses `git log -z --name-only --format=%x01%H%x02%P%x02%ae`: newest first. */
export const parseLogWithFiles = parseCommitsWithFiles;

/**
 * The author e-mails of the non-merge commits in `range` (`a..b`), newest first, at most `maxCommits`.
 *
 * @example await git.exec(authorEmails('3f2a…..HEAD', 200)) // ['bob@ois.invalid', 'aria@ois.invalid']
 */
export const authorEmails = (range: string, maxCommits: number): GitOperation<string[]> => ({
  name: 'log',
  args: ['log', '--no-merges', `--max-count=${maxCommits}`, '--format=%ae', range, '--'],
  parse: (out) =>
    out
      .toString('utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== ''),
});
