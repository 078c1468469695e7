/** One local commit as `git log -z --format=%H%x1f%P%x1f%an%x1f%ae%x1f%ad%x1f%B --date=raw` prints it. */
export interface LocalCommit {
  sha: string;
  parents: string[];
  authorName: string;
  authorEmail: string;
  /** `<seconds> <zone>`, as GIT_AUTHOR_DATE takes it. */
  authorDate: string;
  message: string;
}

/** @example parseLocalCommits('abc\x1fdef\x1fAria\x1faria@ois.invalid\x1f1700000000 +0000\x1fmsg\n\0') */
export function parseLocalCommits(output: string): LocalCommit[] {
  return output
    .split('\0')
    .map((record) => record.replace(/^\n/, ''))
    .filter((record) => record.includes('\x1f'))
    .map((record) => {
      const [sha = '', parents = '', authorName = '', authorEmail = '', authorDate = '', ...rest] = record.split('\x1f');
      return { sha, parents: parents.split(' ').filter(Boolean), authorName, authorEmail, authorDate, message: rest.join('\x1f') };
    });
}
