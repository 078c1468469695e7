import { GitCommandError } from '../../core/git/error.js';
import { readBlobs } from '../../core/git/objects.js';
import { workTreeStatus } from '../../core/git/status.js';
import type { Ports } from '../../ports/index.js';
import { readRef } from '../clone/ref-files.js';
import { OisError } from '../../core/errors.js';
import { classifyFailure } from '../../core/failure.js';
import type { SyncNotice } from '../../core/sync/notices.js';
import { noticesSince } from '../clone/notices.js';
import { redactUrls } from '../../core/redact.js';
import { markNoWake } from '../../core/wake/no-wake.js';
import { appendChatEntry, type AppendDeps, type AppendedEntry } from './append.js';
import { holdClone } from '../clone/hold.js';
import type { Identity } from '../../core/identity.js';
import { openRepo, requireIdentity, requireRemote, trackingRef, type Repo } from '../clone/repo.js';
import { ensureMergeDriver } from '../setup/clone-config.js';
import type { CycleDeps, CycleOutcome } from '../sync/cycle.js';

export interface SayDeps extends AppendDeps {
  /** Clock, sleep and randomness (and the registry gate) of the sync cycle. */
  cycle: CycleDeps;
}

export interface SayInput {
  cwd: string;
  /** The command's ports (src/ports). */
  ports: Ports;
  /** Markdown text of the entry. */
  message: string;
  /** Run a sync cycle after writing (`--no-sync` turns it off). */
  sync: boolean;
  /** `false` (`--no-wake`): the entry is marked `[AUTO]` and wakes nobody. Default true. */
  wake?: boolean;
  /**
   * Who the entry is by, when not the clone's agent: a person (`Kind: human`) posting through
   * `ois web`. The cycle still commits as the clone's identity; the commit step gives the person's
   * entries a commit of their own (app/sync/human-commit.ts).
   */
  author?: Identity;
  /** Runs under `.git/ois/chat.lock` right before the append (ois web saves the entry's attachments there). */
  prepare?: () => Promise<void>;
}

export interface SayResult extends AppendedEntry {
  /** The entry reached the remote (or the watcher reported a successful cycle). */
  synced: boolean;
  /** Who ran the cycle: this process, the clone's watcher, or nobody (`--no-sync`). */
  via: 'here' | 'watcher' | 'none';
  /** The entry is in a local commit (false with `--no-sync`: the next cycle commits it). */
  committed: boolean;
  outcome?: CycleOutcome;
  /** Why the sync failed; the entry is written (and usually committed) all the same. */
  syncError?: OisError;
  /** What the cycle did to other entries of the chat: entries held back or waiting, entries restored, edits kept aside. */
  notices?: SyncNotice[];
}

/**
 * `ois say`: appends one entry as this clone's agent to today's UTC day file, then syncs.
 *
 * Concurrency (docs/chat-format.md, "Writing to the chat"): the append runs under `.git/ois/chat.lock`,
 * which every cycle also takes for its local steps (commit, work-tree update), so no append lands
 * between the two. Without a watcher, `ois say` takes the clone's lock (the one `ois sync` and
 * `ois watch` hold) and runs the cycle. Another `ois say` meanwhile appends at once, then waits until
 * its entry is on the remote (a running cycle's next attempt, or the next cycle, commits every entry
 * appended meanwhile: batching under load) or until the clone is free to run its own cycle. It waits
 * while `ois sync` holds the clone. When `ois watch` runs, the watcher is asked for the cycle.
 *
 * A failed sync does not throw: the result carries `syncError` (the entry stays written and committed).
 * Throws USAGE (empty message), NOT_A_REPO, NO_IDENTITY, LOCKED before anything is written.
 */
export async function say(input: SayInput, deps: SayDeps): Promise<SayResult> {
  if (input.message.trim() === '') {
    throw new OisError('USAGE', 'the message is empty', { hint: 'Give the message as arguments or on standard input.' });
  }
  const repo = await openRepo(input.cwd, input.ports);
  const author = input.author ?? requireIdentity(repo);
  // A person's own clone may have no agent identity: its cycles then commit as the person.
  const identity = repo.identity ?? author;
  let hold = await holdClone(repo.gitDir, repo.ports, { acceptSay: true });
  try {
    const body = input.wake === false ? markNoWake(input.message) : input.message;
    const entry = await appendChatEntry(repo, author, body, deps, input.prepare);
    if (!input.sync) return { ...entry, synced: false, via: 'none', committed: false };
    try {
      if (hold.kind === 'say') {
        // The cycle of whoever holds the clone next commits and pushes this entry too (batching).
        hold = await holdClone(repo.gitDir, repo.ports, { acceptSay: false, done: whenOnRemote(repo, entry), progress: () => cycleProgress(repo) });
        if (hold.kind === 'done') return { ...entry, synced: true, via: 'here', committed: true, notices: await noticesSince(repo, entry.at) };
      }
      if (hold.kind === 'lock') {
        await requireRemote(repo);
        await ensureMergeDriver(repo.git, repo.ports.system, repo.settings.mergeDriver);
        // Loaded here: with a watcher running, `ois say` never needs the sync code.
        const { runCycle } = await import('../sync/cycle.js');
        const outcome = await runCycle(repo, identity, deps.cycle, { pushFirst: true });
        return { ...entry, synced: true, via: 'here', committed: true, outcome, notices: outcome.notices };
      }
      // The watcher runs the cycle (if it stopped meanwhile, syncOnce runs it here instead).
      const { syncOnce } = await import('../sync/once.js');
      const result = await syncOnce(input.cwd, repo.ports, deps.cycle, { repo, pushFirst: true });
      const notices = result.via === 'here' ? result.outcome.notices : await noticesSince(repo, entry.at);
      return { ...entry, synced: true, via: result.via, committed: true, notices, ...(result.via === 'here' ? { outcome: result.outcome } : {}) };
    } catch (error) {
      const committed = await isCommitted(repo, entry.file);
      const notices = await noticesSince(repo, entry.at).catch(() => []);
      return { ...entry, synced: false, via: hold.kind === 'lock' ? 'here' : 'watcher', committed, syncError: asOisError(error), notices };
    }
  } finally {
    if (hold.kind === 'lock') await hold.lock.release();
  }
}

/**
 * Whether the entry is in the day file of the last known remote branch (pushed by a cycle). Polled while
 * another `ois say` holds the clone: git is asked only when the remote-tracking ref has moved.
 */
function whenOnRemote(repo: Repo, entry: AppendedEntry): () => Promise<boolean> {
  const ref = trackingRef(repo.config.branch);
  let seen: string | undefined;
  return async () => {
    const sha = await readRef(repo.ports.files, repo.gitDir, ref);
    if (sha !== undefined && sha === seen) return false;
    seen = sha;
    const [text = ''] = await repo.git.exec(readBlobs([`${sha ?? ref}:${entry.file}`])).catch(() => []);
    return text.includes(` id=${entry.id} `);
  };
}

/** Changes whenever a cycle of this clone commits, fetches or pushes: the clone's holder is getting somewhere. */
async function cycleProgress(repo: Repo): Promise<string> {
  const { files } = repo.ports;
  const [head, remote] = await Promise.all([readRef(files, repo.gitDir, 'HEAD'), readRef(files, repo.gitDir, trackingRef(repo.config.branch))]);
  return `${head ?? ''} ${remote ?? ''}`;
}

async function isCommitted(repo: Repo, file: string): Promise<boolean> {
  const status = await repo.git.exec(workTreeStatus([file])).catch(() => undefined);
  return status !== undefined && status.length === 0;
}

function asOisError(error: unknown): OisError {
  if (error instanceof OisError) return error;
  const typed = classifyFailure(error);
  if (typed) return typed;
  if (error instanceof GitCommandError) return new OisError('GIT_FAILED', redactUrls(error.message), { cause: error });
  return new OisError('INTERNAL', redactUrls(error instanceof Error ? error.message : String(error)), { cause: error });
}
