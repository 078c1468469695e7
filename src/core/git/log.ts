/**
 * History operations (`git log`) and their parsers. Pure: each builds a GitOperation (operation.ts);
 * `Git.exec` runs it. Merges are left out everywhere here: their content arrives with the merged commits.
 */
import type { GitOperation } from './operation.js';

/** One commit of {@link logWithFiles}: its first parent, author e-mail, and the files it added or modified. */
export interface LogRow {
  sha: string;
  /** The first parent (undefined for a root commit). */
  parent?: string;
  email: string;
  /** Files the commit added or modified. */
  files: string[];
}

/**
 * The non-merge commits of `revs` (`['tip', '^base']`), newest first, at most `maxCommits`, each with
 * the files it added or modified (`git log -z --name-only --diff-filter=AM`), optionally under `paths`.
 *
 * @example await git.exec(logWithFiles(['HEAD', '^origin/main'], 100)) // [{ sha, parent, email, files: ['chat/2026-11-23.md'] }]
 */
export const logWithFiles = (revs: readonly string[], maxCommits: number, paths: readonly string[] = []): GitOperation<LogRow[]> => ({
  name: 'log',
  args: ['log', '--no-merges', '--root', `--max-count=${maxCommits}`, '-z', '--name-only', '--diff-filter=AM', '--format=%x01%H%x02%P%x02%ae', ...revs, '--', ...paths],
  parse: (out) => parseLogWithFiles(out.toString('utf8')),
});

/** Parses `git log -z --name-only --format=%x01%H%x02%P%x02%ae`: newest first. */
export function parseLogWithFiles(output: string): LogRow[] {
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
