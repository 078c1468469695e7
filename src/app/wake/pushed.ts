import type { Git } from '../../ports/git.js';
import type { Logger } from '../../ports/index.js';
import { logWithFiles, type LogRow } from '../../core/git/log.js';
import { readBlobs } from '../../core/git/objects.js';
import { carriedBy, isChatLogPath, type CarriedCommit } from '../../core/wake/carried.js';
import type { Agent } from '../../core/registry/types.js';
import type { CommitResult } from '../sync/commit.js';
import { registryInForce } from '../in-force/registry.js';
import { describeProblem, type FileProblem } from '../in-force/problem.js';

export type { CarriedCommit } from '../../core/wake/carried.js';
export { parseLogWithFiles } from '../../core/git/log.js';

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
  const rows = (await git.exec(logWithFiles(spec, maxCommits))).reverse();
  const wanted: string[] = [];
  for (const row of rows) {
    for (const path of row.files.filter(isChatLogPath)) {
      wanted.push(`${row.sha}:${path}`);
      if (row.parent !== undefined) wanted.push(`${row.parent}:${path}`);
    }
  }
  const [texts, registry] = await Promise.all([wanted.length === 0 ? [] : git.exec(readBlobs(wanted)), registryInForce(git, range.to)]);
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
  const row: LogRow = { sha, parent, email, files };
  return carriedBy([row], (name) => blob.get(name), agents);
}

/** Whether the pushed range is exactly `commit` on top of its parent (and the commit step recorded its changes). */
export function pushedAlone(commit: CommitResult, range: CommitRange): commit is CommitResult & Required<Pick<CommitResult, 'sha' | 'parent' | 'changes'>> {
  return commit.sha !== undefined && commit.parent !== undefined && commit.changes !== undefined && range.to === commit.sha && range.from === commit.parent;
}

/** Reads what pushes carried, reusing the registry across commits that did not touch AGENTS.md. */
export interface CarriedReader {
  /** What `range` carried; `commit` (the cycle's own commit step) spares the git calls when it is all that was pushed. */
  read(range: CommitRange, commit?: CommitResult): Promise<Carried>;
}

/**
 * A {@link CarriedReader} for one process: it keeps the registry at the last tip it read, and logs
 * (once per failing commit) a pulled or pushed AGENTS.md that is not in force.
 *
 * @example const carried = await createCarriedReader(repo.git, email, log).read(pushed, outcome.commit)
 */
export function createCarriedReader(git: Git, email: string, log: Logger): CarriedReader {
  /** The registry at the last commit whose carried work was read: a commit that did not touch AGENTS.md reuses it. */
  let registry: { commit: string; agents: Agent[] } | undefined;
  let lastProblem = '';

  function report(problem: FileProblem | undefined): void {
    const key = problem === undefined ? '' : `${problem.commit ?? ''}:${problem.line}:${problem.message}`;
    if (problem !== undefined && key !== lastProblem) {
      log.log({ level: 'warn', event: 'registry', message: `AGENTS.md not in force: ${describeProblem(problem)}`, fields: { file: 'AGENTS.md', commit: problem.commit, inForce: problem.inForce } });
    }
    lastProblem = key;
  }

  return {
    async read(range, commit) {
      if (commit !== undefined && pushedAlone(commit, range)) {
        const touched = commit.changes.some((c) => c.path === 'AGENTS.md');
        let agents: Agent[];
        if (!touched && registry?.commit === commit.parent) agents = registry.agents;
        else {
          const inForce = await registryInForce(git, range.to);
          report(inForce.problem);
          agents = inForce.agents;
        }
        const commits = carriedByCommit(commit, range, email, agents);
        if (commits !== undefined) {
          registry = { commit: range.to, agents };
          return { commits, agents };
        }
      }
      const carried = await readCarried(git, range);
      report(carried.registryProblem);
      registry = { commit: range.to, agents: carried.agents };
      return carried;
    },
  };
}
