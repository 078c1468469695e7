import type { Git } from '../../adapters/git.js';
import type { CommitResult } from '../sync/commit.js';
import { readBlobTexts } from '../../adapters/git-objects.js';
import { isChatLogPath, isSharedFilePath, membersOf, newChatEntries, toWakeEntry } from '../../core/wake/carried.js';
import type { WakeEntry } from '../../core/wake/choose.js';
import type { Agent } from '../../core/registry/types.js';
import { registryInForce } from '../in-force/registry.js';
import type { FileProblem } from '../in-force/problem.js';

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
  /** The registry in force at the tip (in-force/registry.ts: its AGENTS.md, or the last one that passed lint). */
  agents: Agent[];
  /** Why the tip's AGENTS.md is not the one in force, when it is not. */
  registryProblem?: FileProblem;
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
 * or by text for hand-written ones), with mentions of the members of the registry in force at `to`; and the
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
  const spec = range.from === undefined ? [range.to] : [range.to, `^${range.from}`];
  // One `git log` for the commits and the files each added or modified, one `cat-file --batch` for every
  // version of the chat logs involved and for AGENTS.md.
  const log = await git.run(['log', '--no-merges', '--root', `--max-count=${maxCommits}`, '-z', '--name-only', '--diff-filter=AM', '--format=%x01%H%x02%P%x02%ae', ...spec, '--']);
  const rows = parseLogWithFiles(log).reverse();
  const wanted: string[] = [];
  for (const row of rows) {
    for (const path of row.files.filter(isChatLogPath)) {
      wanted.push(`${row.sha}:${path}`);
      if (row.parent !== undefined) wanted.push(`${row.parent}:${path}`);
    }
  }
  const [texts, registry] = await Promise.all([readBlobTexts(git, wanted), registryInForce(git, range.to)]);
  const blob = new Map(wanted.map((name, i) => [name, texts[i]]));
  const { agents } = registry;
  const commits = carriedBy(rows, (name) => blob.get(name), agents, options.skipAuthor);
  return registry.problem === undefined ? { commits, agents } : { commits, agents, registryProblem: registry.problem };
}

/**
 * What the commit that a cycle just made and pushed carried, from the texts its commit step read: no
 * git call. Undefined unless the push was exactly that commit on top of its parent.
 */
export function carriedByCommit(commit: CommitResult, range: CommitRange, email: string, agents: readonly Agent[]): CarriedCommit[] | undefined {
  if (!pushedAlone(commit, range)) return undefined;
  const { sha, parent } = commit;
  const files = commit.changes.filter((c) => c.kind !== 'delete').map((c) => c.path);
  const blob = new Map<string, string | undefined>();
  for (const change of commit.changes) {
    blob.set(`${sha}:${change.path}`, change.after);
    blob.set(`${parent}:${change.path}`, change.before);
  }
  return carriedBy([{ sha, parent, email, files }], (name) => blob.get(name), agents);
}

/** Whether the pushed range is exactly `commit` on top of its parent (and the commit step recorded its changes). */
export function pushedAlone(commit: CommitResult, range: CommitRange): commit is CommitResult & Required<Pick<CommitResult, 'sha' | 'parent' | 'changes'>> {
  return commit.sha !== undefined && commit.parent !== undefined && commit.changes !== undefined && range.to === commit.sha && range.from === commit.parent;
}

/** The carried commits of `rows` (oldest first), reading file versions through `blob(rev:path)`. */
function carriedBy(rows: readonly LogRow[], blob: (name: string) => string | undefined, agents: readonly Agent[], skipAuthor?: string): CarriedCommit[] {
  const members = membersOf(agents);
  const seen = new Set<string>();
  const commits: CarriedCommit[] = [];
  for (const { sha, parent, email, files } of rows) {
    const author = /^([a-z0-9][a-z0-9-]*)@ois\.invalid$/.exec(email)?.[1];
    if (author !== undefined && author === skipAuthor?.toLowerCase()) continue;
    const entries: WakeEntry[] = [];
    for (const path of files.filter(isChatLogPath)) {
      const after = blob(`${sha}:${path}`);
      if (after === undefined) continue;
      const before = parent === undefined ? undefined : blob(`${parent}:${path}`);
      for (const entry of newChatEntries(before, after)) {
        const key = entry.id ?? entry.raw;
        if (seen.has(key)) continue;
        seen.add(key);
        entries.push(toWakeEntry(entry, members, author, path));
      }
    }
    const sharedFiles = files.filter(isSharedFilePath);
    if (entries.length === 0 && sharedFiles.length === 0) continue;
    commits.push(author === undefined ? { sha, entries, sharedFiles } : { sha, author, entries, sharedFiles });
  }
  return commits;
}

interface LogRow {
  sha: string;
  /** The first parent (undefined for a root commit). */
  parent?: string;
  email: string;
  /** Files the commit added or modified. */
  files: string[];
}

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
