/** One file a commit changed, as `git log --raw --no-abbrev -z` lists it. */
export interface RawChange {
  path: string;
  /** Blob before (undefined: added) and after (undefined: deleted). */
  before?: string;
  after?: string;
}

/** One commit of `git log -z --raw --format=%x01%H%x1f%P%x1f%s` (first-parent diffs). */
export interface RawCommit {
  sha: string;
  parents: string[];
  subject: string;
  changes: RawChange[];
}

const NULL_SHA = /^0+$/;

/**
 * Parses `git log -z --first-parent --diff-merges=first-parent --no-renames --no-abbrev --raw
 * --format=%x01%H%x1f%P%x1f%s` output: each commit, then its `:mode mode old new status` records
 * each followed by the path. Commits come newest first, as git prints them.
 *
 * @example parseRawLog('\x01abc\x1fdef\x1fsubject\0\n:100644 100644 1111 2222 M\0chat/d.md\0')[0]?.changes[0]?.path // 'chat/d.md'
 */
export function parseRawLog(output: string): RawCommit[] {
  const commits: RawCommit[] = [];
  for (const record of output.split('\x01').slice(1)) {
    const fields = record.split('\0');
    const [sha = '', parents = '', subject = ''] = (fields[0] ?? '').split('\x1f');
    const changes: RawChange[] = [];
    for (let i = 1; i + 1 < fields.length; i += 2) {
      const match = /^\n?:\d{6} \d{6} ([0-9a-f]+) ([0-9a-f]+) [A-Z]\d*$/.exec(fields[i] ?? '');
      if (!match) break;
      const [, before = '', after = ''] = match;
      changes.push({ path: fields[i + 1] ?? '', ...(NULL_SHA.test(before) ? {} : { before }), ...(NULL_SHA.test(after) ? {} : { after }) });
    }
    commits.push({ sha, parents: parents.split(' ').filter(Boolean), subject, changes });
  }
  return commits;
}
