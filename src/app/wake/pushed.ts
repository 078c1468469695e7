import type { Git } from '../../adapters/git.js';
import { isChatLogPath, isSharedFilePath, membersOf, newChatEntries, toWakeEntry } from '../../core/wake/carried.js';
import type { WakeEntry } from '../../core/wake/choose.js';
import type { Agent } from '../../core/registry/types.js';
import { parseRegistry } from '../../core/registry/parse.js';

/** What one commit carried: its new chat entries (mentions resolved) and new or changed shared files. */
export interface CarriedCommit {
  sha: string;
  /** The agent id of the commit's author (`aria@ois.invalid` → `aria`), if ois made it. */
  author?: string;
  entries: WakeEntry[];
  sharedFiles: string[];
}

/** What a range of commits carried, and the registry at its tip. */
export interface Carried {
  /** Oldest first; only commits that carried something. */
  commits: CarriedCommit[];
  /** AGENTS.md at the tip (valid sections only). */
  agents: Agent[];
}

export interface CommitRange {
  /** Excluded; undefined means "everything up to `to`" (bounded by `maxCommits`). */
  from?: string | undefined;
  to: string;
}

/** Commits read at most per range: a first push of a long history wakes for its newest commits only. */
export const MAX_RANGE_COMMITS = 100;

/**
 * What `from..to` carried, commit by commit (merges skipped: their content arrives with the merged
 * commits): for each changed `chat/*.md`, the entries that the commit's parent did not have (by id,
 * or by text for hand-written ones), with mentions of the members in AGENTS.md at `to`; and the
 * added or modified files under `shared/`. An entry already seen in an earlier commit of the range
 * is not repeated. `skipAuthor` leaves out the commits of that agent (its own, when catching up).
 *
 * @example const { commits, agents } = await readCarried(repo.git, outcome.exchange.pushed)
 */
export async function readCarried(
  git: Git,
  range: CommitRange,
  options: { maxCommits?: number; skipAuthor?: string } = {},
): Promise<Carried> {
  const maxCommits = options.maxCommits ?? MAX_RANGE_COMMITS;
  const agents = parseRegistry((await show(git, range.to, 'AGENTS.md')) ?? '').registry.agents;
  const members = membersOf(agents);
  const spec = range.from === undefined ? [range.to] : [range.to, `^${range.from}`];
  const log = await git.run(['log', '--no-merges', `--max-count=${maxCommits}`, '--format=%H%x00%P%x00%ae', ...spec, '--']);
  const rows = log
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split('\0'))
    .reverse();
  const seen = new Set<string>();
  const commits: CarriedCommit[] = [];
  for (const [sha = '', parents = '', email = ''] of rows) {
    const parent = parents.split(' ')[0] || undefined;
    const author = /^([a-z0-9][a-z0-9-]*)@ois\.invalid$/.exec(email)?.[1];
    if (author !== undefined && author === options.skipAuthor?.toLowerCase()) continue;
    const changed = await changedFiles(git, sha, parent);
    const entries: WakeEntry[] = [];
    for (const path of changed.filter(isChatLogPath)) {
      const after = await show(git, sha, path);
      if (after === undefined) continue;
      const before = parent === undefined ? undefined : await show(git, parent, path);
      for (const entry of newChatEntries(before, after)) {
        const key = entry.id ?? entry.raw;
        if (seen.has(key)) continue;
        seen.add(key);
        entries.push(toWakeEntry(entry, members, author));
      }
    }
    const sharedFiles = changed.filter(isSharedFilePath);
    if (entries.length === 0 && sharedFiles.length === 0) continue;
    commits.push(author === undefined ? { sha, entries, sharedFiles } : { sha, author, entries, sharedFiles });
  }
  return { commits, agents };
}

/** Files added or modified by `sha` against `parent` (all of them for a root commit). */
async function changedFiles(git: Git, sha: string, parent: string | undefined): Promise<string[]> {
  const args = parent === undefined ? ['diff-tree', '--root', '-r', '-z', '--no-commit-id', '--name-only', '--diff-filter=AM', sha] : ['diff-tree', '-r', '-z', '--no-commit-id', '--name-only', '--diff-filter=AM', parent, sha];
  return (await git.run(args)).split('\0').filter((path) => path !== '');
}

async function show(git: Git, rev: string, path: string): Promise<string | undefined> {
  try {
    return await git.run(['show', `${rev}:${path}`]);
  } catch {
    return undefined;
  }
}
