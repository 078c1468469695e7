import type { Logger } from '../../adapters/log.js';
import { OisError } from '../../core/errors.js';
import type { Identity } from '../../core/identity.js';
import { remoteBranchHead } from '../../core/git/remote.js';
import { REMOTE, trackingRef, type Repo } from '../clone/repo.js';
import { ensureHooks, ensureMergeDriver } from '../setup/clone-config.js';
import { runCycle, type CycleDeps, type CycleOutcome } from './cycle.js';
import { describeCycle } from './describe.js';
import { SerialQueue } from './queue.js';
import { noticeReporter } from './report-notices.js';
import { resolveRefFast } from './refs.js';

type WatchHandle = Awaited<ReturnType<Repo['ports']['files']['watchTree']>>;

export interface DaemonDeps extends CycleDeps {
  log: Logger;
  /** Called after every cycle, e.g. to wake peers for what was pushed (awaited: it must not wait for peers). */
  afterCycle?: (outcome: CycleOutcome) => void | Promise<void>;
  /**
   * Bookkeeping between cycles (e.g. recording and pushing wake notes): run when a poll found nothing
   * to do, and after a cycle once the clone has been quiet for a moment, so that it never delays the
   * next write's cycle (at the latest every IDLE_MAX_DEFER_MS under constant writing). `yieldNow` says
   * when a cycle is waiting: the bookkeeping should stop at its next step and leave the rest for later.
   */
  idle?: (yieldNow: () => boolean) => Promise<void>;
}

type Trigger = 'poll' | 'local' | 'full' | 'idle';

/** Quiet time after a cycle before the idle bookkeeping runs. */
const IDLE_AFTER_MS = 300;
/** Under constant writing, the bookkeeping still runs at least this often. */
const IDLE_MAX_DEFER_MS = 10_000;
const STRENGTH: Record<Trigger, number> = { idle: 0, poll: 1, local: 2, full: 3 };

/** Every how many polls a full cycle runs even without a file event (about every 30 s by default). */
const SAFETY_EVERY_POLLS = 15;

/**
 * `ois watch`: one per clone (an OS-level lock). File events (debounced) start a cycle that pushes
 * first; a poll of the remote brings others' commits in; cycles run strictly one at a time. Resolves
 * when `signal` aborts, after the running cycle has finished.
 */
export async function runDaemon(repo: Repo, identity: Identity, deps: DaemonDeps, signal: AbortSignal): Promise<void> {
  const { clock, system, files } = repo.ports;
  const now = (): number => clock.now().getTime();
  let queue: SerialQueue<Trigger> | undefined;
  const lock = await repo.ports.locks.takeClone(repo.gitDir, async (command) => {
    if (command === 'ping') return `ois-watch pid=${system.pid}`;
    // `sync` (ois sync) asks for a full cycle; `push` (ois say, after its append) for the cycle a local change gets.
    if ((command === 'sync' || command === 'push') && queue) {
      await queue.request(command === 'push' ? 'local' : 'full');
      return 'synced';
    }
    return 'unknown';
  });
  if (!lock) {
    throw new OisError('LOCKED', `ois watch is already running for ${repo.top}`, {
      hint: 'Only one watcher runs per clone (`ois web` runs one while none does). See it with `ois status`.',
    });
  }
  let watcher: WatchHandle | undefined;
  let polling: Promise<void> | undefined;
  let lastError = '';
  let reported = new Set<string>();
  let cancelIdle: (() => void) | undefined;
  let cancelRetry: (() => void) | undefined;
  let lastIdle = now();
  const reportNotices = noticeReporter(deps.log);
  /** An entry waiting for its closing `---`: no file event may come, so a timer commits it once it has been quiet. */
  const retryAt = (at: number | undefined): void => {
    cancelRetry?.();
    cancelRetry = at === undefined ? undefined : clock.after(Math.max(0, at - now()) + 50, () => void queue?.request('local'));
  };
  const runIdle = async (mayYield: boolean): Promise<void> => {
    lastIdle = now();
    // A write's cycle (or a full one) waiting: the bookkeeping stops at its next step.
    await deps.idle?.(() => mayYield && (queue?.waiting === 'local' || queue?.waiting === 'full'));
  };
  /** After a cycle: the bookkeeping once the clone is quiet, or now (in full) when it is overdue. */
  const afterCycleIdle = async (): Promise<void> => {
    if (!deps.idle) return;
    cancelIdle?.();
    if (now() - lastIdle > IDLE_MAX_DEFER_MS) return runIdle(false);
    cancelIdle = clock.after(IDLE_AFTER_MS, () => void queue?.request('idle'));
  };
  try {
    await ensureMergeDriver(repo.git, repo.ports.system, repo.settings.mergeDriver);
    await ensureHooks(repo.git, repo.ports, repo.gitDir, repo.top);
    queue = new SerialQueue<Trigger>(
      async (kind) => {
        const started = now();
        try {
          if (kind === 'idle') return await runIdle(true);
          if (kind === 'poll' && !(await remoteMoved(repo))) return await runIdle(true);
          // A poll that finds a write (one that landed as it started) pushes it before fetching (pushNew).
          const outcome = await runCycle(repo, identity, deps, { pushFirst: kind === 'local', pushNew: kind === 'poll' });
          lastError = '';
          // Files left out are reported when they first appear, not again on every cycle.
          const keys = new Set(outcome.commit.excluded.map((e) => `${e.path}\0${e.reason}`));
          const fresh = outcome.commit.excluded.filter((e) => !reported.has(`${e.path}\0${e.reason}`));
          reported = keys;
          const shown = { ...outcome, commit: { ...outcome.commit, excluded: fresh } };
          const line = describeCycle(shown, now() - started);
          if (line) deps.log.log({ level: 'info', event: 'cycle', message: line, fields: cycleFields(outcome) });
          reportNotices(outcome.notices);
          retryAt(outcome.commit.retryAt);
          await deps.afterCycle?.(outcome);
          await afterCycleIdle();
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          if (message !== lastError) {
            const hint = error instanceof OisError && error.hint ? ` (${error.hint})` : '';
            deps.log.log({ level: 'error', event: 'sync-failed', message: `sync failed: ${message}${hint}`, fields: { code: (error as OisError).code ?? 'INTERNAL' } });
          }
          lastError = message;
        }
      },
      (a, b) => (STRENGTH[a] >= STRENGTH[b] ? a : b),
    );
    deps.log.log({ level: 'info', event: 'started', message: `watching ${repo.top} as ${identity.id} (branch ${repo.config.branch})` });
    // Watch before the first cycle, so that nothing written while it runs goes unnoticed.
    watcher = await files.watchTree(repo.top, repo.config.sync.debounceMs, () => void queue?.request('local'));
    await queue.request('full');
    // The polls, one interval after the previous one finished. `clock.sleep` (unlike `clock.after`)
    // keeps the process alive: the watcher runs until `signal` aborts.
    polling = (async () => {
      for (let polls = 1; !signal.aborted; polls += 1) {
        await clock.sleep(repo.config.sync.pollIntervalMs, signal);
        if (signal.aborted) return;
        // File events are hints that can be lost (inotify overflow, network file systems): now and
        // then a poll is a full cycle, which asks git itself what changed.
        await queue?.request(polls % SAFETY_EVERY_POLLS === 0 ? 'full' : 'poll');
      }
    })();
    await waitForAbort(signal);
    deps.log.log({ level: 'info', event: 'stopping', message: 'stopping: finishing the current step' });
  } finally {
    cancelIdle?.();
    cancelRetry?.();
    await watcher?.close();
    await queue?.close();
    await polling;
    await lock.release();
  }
  deps.log.log({ level: 'info', event: 'stopped', message: 'stopped cleanly' });
}

/** Whether the remote branch differs from what we last fetched, or we have commits to push. */
async function remoteMoved(repo: Repo): Promise<boolean> {
  const branch = repo.config.branch;
  const [tracked, head] = await Promise.all([
    resolveRefFast(repo.git, repo.gitDir, trackingRef(branch), repo.ports.files),
    resolveRefFast(repo.git, repo.gitDir, 'HEAD', repo.ports.files),
  ]);
  if (!tracked || tracked !== head) return true;
  const remote = await repo.git.exec(remoteBranchHead(REMOTE, branch), { timeoutMs: 30_000 });
  return remote !== tracked;
}

function waitForAbort(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

function cycleFields(outcome: CycleOutcome): Record<string, unknown> {
  return {
    commit: outcome.commit.sha,
    files: outcome.commit.files.length,
    excluded: outcome.commit.excluded.map((e) => ({ path: e.path, reason: e.reason })),
    pulled: outcome.exchange.pulled,
    pushed: outcome.exchange.pushed?.to,
    ...(outcome.exchange.queued?.length ? { queued: outcome.exchange.queued.map((q) => q.to) } : {}),
  };
}
