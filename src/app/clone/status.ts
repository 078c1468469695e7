import { join } from 'node:path';
import { commitTimes } from '../../core/git/history.js';
import { resolveCommit } from '../../core/git/refs.js';
import type { Ports } from '../../ports/index.js';
import type { MovedPin } from '../in-force/moved.js';
import { describeMoved } from '../in-force/moved.js';
import { describeProblem, type FileProblem } from '../in-force/problem.js';
import { readPulledReport } from '../in-force/report.js';
import { describeHold, heldPairs, parseBudgetState, type HeldPair } from '../../core/wake/budget.js';
import { BUDGET_FILE } from '../wake/budget.js';
import { readLogTail } from '../log/tail.js';
import { openRepo, trackingRef, type Repo } from './repo.js';
import { readState, type SyncState } from './state.js';

export interface StatusReport {
  top: string;
  id?: string;
  branch: string;
  watcher: { running: boolean; detail?: string };
  unpushed: { commits: number; oldestAt?: string; oldestAgeSeconds?: number };
  lastSuccessAt?: string;
  lastPushAt?: string;
  lastError?: SyncState['lastError'];
  conflict?: SyncState['conflict'];
  excluded: NonNullable<SyncState['excluded']>;
  /** Chat entries held back or waiting for their closing `---`, each with where it is and what to do. */
  held: NonNullable<SyncState['held']>;
  /** The last entries restored, edits kept aside, and commits not pushed as they were (newest last). */
  restored: NonNullable<SyncState['restored']>;
  /** The last events of `.git/ois/ois.log`, oldest first (what `ois watch` logged). */
  recentEvents: RecentEvent[];
  /** Tracked files not in force as they are (file, line, commit, author, what stays in force), each with its sentence. */
  problems: Array<FileProblem & { text: string }>;
  /** Peers whose Gateway URL in AGENTS.md is not the pinned one (who changed it), each with its sentence. */
  movedPins: Array<MovedPin & { text: string }>;
  /** The trust file cannot be used: no token is sent until it is fixed. */
  trustError?: { message: string; hint?: string };
  /** Peers whose wakes the wake budget holds right now, and why (docs/waking.md). */
  wakeBudget: Array<HeldPair & { because: string }>;
}

/** One logged event as `ois status` shows it: no other fields, so nothing but the message is echoed. */
export interface RecentEvent {
  at: string;
  level: string;
  event: string;
  message: string;
}

export const RECENT_EVENTS = 10;

/** Local commits the remote-tracking branch lacks, counted by git, and the age of the oldest. */
export async function countUnpushed(repo: Repo, now: Date): Promise<StatusReport['unpushed']> {
  const tracked = await repo.git.exec(resolveCommit(trackingRef(repo.config.branch)));
  const head = await repo.git.exec(resolveCommit('HEAD'));
  const range = tracked ? `${tracked}..HEAD` : 'HEAD';
  const times = head ? await repo.git.exec(commitTimes(range)) : [];
  const oldest = times.at(-1);
  return {
    commits: times.length,
    ...(oldest !== undefined
      ? { oldestAt: new Date(oldest).toISOString(), oldestAgeSeconds: Math.max(0, Math.round((now.getTime() - oldest) / 1000)) }
      : {}),
  };
}

/** What `ois status` shows. Unpushed work is counted from git itself, not from a cached file. */
export async function readStatus(cwd: string, ports: Ports, now: Date): Promise<StatusReport> {
  const repo = await openRepo(cwd, ports);
  const { files } = repo.ports;
  const branch = repo.config.branch;
  const state = await readState(repo);
  const unpushed = await countUnpushed(repo, now);
  const reply = await repo.ports.locks.askClone(repo.gitDir, 'ping', 1_000);
  const events = await readLogTail(files, repo.stateDir, RECENT_EVENTS).catch(() => []);
  const pulled = await readPulledReport(repo, repo.ports.system.env);
  const budget = parseBudgetState(await files.readIfExists(join(repo.stateDir, BUDGET_FILE)).catch(() => undefined));
  const held = heldPairs(budget, now.getTime()).map((pair) => ({ ...pair, because: describeHold(pair.reason, repo.config.wake.budget) }));
  return {
    top: repo.top,
    ...(repo.identity ? { id: repo.identity.id } : {}),
    branch,
    watcher: reply ? { running: true, detail: reply } : { running: false },
    unpushed,
    ...(state.lastSuccessAt ? { lastSuccessAt: state.lastSuccessAt } : {}),
    ...(state.lastPushAt ? { lastPushAt: state.lastPushAt } : {}),
    ...(state.lastError && state.lastError.at >= (state.lastSuccessAt ?? '') ? { lastError: state.lastError } : {}),
    ...(state.conflict ? { conflict: state.conflict } : {}),
    excluded: state.excluded ?? [],
    held: state.held ?? [],
    restored: state.restored ?? [],
    recentEvents: events.map(({ at, level, event, message }) => ({ at, level, event, message })),
    problems: pulled.problems.map((p) => ({ ...p, text: describeProblem(p) })),
    movedPins: pulled.moved.map((m) => ({ ...m, text: describeMoved(m) })),
    ...(pulled.trustError ? { trustError: pulled.trustError } : {}),
    wakeBudget: held,
  };
}
